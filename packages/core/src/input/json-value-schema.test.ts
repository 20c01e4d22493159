import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { deepFreeze } from '../frozen-copy';
import { nestedValue } from '../testing';
import { parseInput } from '../validation';
import { INPUT_LIMITS, toStorableText } from './input-limits';
import { jsonObjectSchema, jsonValueSchema } from './json-value-schema';
import { idSchema, textSchema } from './text-schemas';

const refusal = (schema: z.ZodType, input: unknown, what = 'metadata') => {
  try {
    parseInput(schema, input, what);
  } catch (error) {
    expect(error).toSatisfy(ValidationError.isInstance);
    return error as ValidationError;
  }
  throw new Error('accepted');
};

describe('jsonValueSchema / jsonObjectSchema', () => {
  it('copy plain JSON deeply (the input can change afterwards without changing the parsed value)', () => {
    const input = { a: [1, 'two', null, true, { b: 2.5 }], ['__proto__']: { c: 1 } };
    const parsed = parseInput(jsonObjectSchema(), input, 'metadata');
    expect(parsed).toEqual(input);
    (input.a[4] as { b: number }).b = 3;
    expect(parsed.a).toEqual([1, 'two', null, true, { b: 2.5 }]);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('refuse a cycle, naming where it closes', () => {
    const cyclic: Record<string, unknown> = { ok: 1, inner: {} };
    (cyclic.inner as Record<string, unknown>).back = cyclic;
    const error = refusal(jsonObjectSchema(), cyclic);
    expect(error.field).toBe('metadata.inner.back');
    expect(error.message).toMatch(/cyclic/);
  });

  it('refuse 20,000 levels of nesting without a stack overflow, and accept the limit exactly', () => {
    expect(refusal(jsonValueSchema(), nestedValue(20_000)).message).toMatch(/deeper than 64/);
    expect(() => parseInput(jsonValueSchema(), nestedValue(INPUT_LIMITS.maxJsonDepth), 'x')).not.toThrow();
    expect(refusal(jsonValueSchema(), nestedValue(INPUT_LIMITS.maxJsonDepth + 1))).toBeDefined();
  });

  it.each([
    ['a BigInt', { n: 1n }, 'metadata.n', /bigint/],
    ['NaN', { n: Number.NaN }, 'metadata.n', /finite/],
    ['Infinity', { list: [Number.POSITIVE_INFINITY] }, 'metadata.list.0', /finite/],
    ['undefined', { u: undefined }, 'metadata.u', /undefined/],
    ['a function', { f: () => 1 }, 'metadata.f', /function/],
    ['a Date', { d: new Date(0) }, 'metadata.d', /Date/],
    ['a NUL byte', { s: 'a\u0000b' }, 'metadata.s', /NUL/],
    ['a lone surrogate', { s: 'x\ud800' }, 'metadata.s', /surrogate/],
    ['a NUL byte in a key', { 'k\u0000': 1 }, 'metadata.k\u0000', /NUL/],
    ['an array at the top', [1], 'metadata', /object/],
  ])('refuse %s, naming the field', (_what, input, field, message) => {
    const error = refusal(jsonObjectSchema(), input);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('refuse a value over maxBytes as serialized JSON, also when built from shared parts', () => {
    expect(refusal(jsonValueSchema(), { s: 'x'.repeat(INPUT_LIMITS.maxJsonBytes) }).message).toMatch(/bytes/);
    let shared: unknown = ['x'.repeat(100)];
    for (let i = 0; i < 30; i++) shared = [shared, shared]; // 2^30 copies once serialized
    expect(refusal(jsonValueSchema(), shared).message).toMatch(/bytes/);
    expect(refusal(jsonValueSchema({ maxBytes: 10 }), { s: 'é'.repeat(5) }).message).toMatch(/10 bytes/);
  });
});

describe('jsonValueSchema({ keepFrozen })', () => {
  const schema = jsonValueSchema({ keepFrozen: true });
  const frozenMessage = () => deepFreeze({ role: 'user', content: [{ type: 'text', text: 'hi' }] });

  it('keeps deep-frozen parts as they are and copies the rest', () => {
    const message = frozenMessage();
    const input = { step: 1, messages: [message], open: { a: 1 } };
    const parsed = parseInput(schema, input, 'checkpoint') as typeof input;
    expect(parsed).toEqual(input);
    expect(parsed.messages[0]).toBe(message);
    expect(parsed.messages).not.toBe(input.messages);
    expect(parsed.open).not.toBe(input.open);
    const again = parseInput(schema, { messages: [message, frozenMessage()] }, 'checkpoint') as typeof input;
    expect(again.messages[0]).toBe(message);
    expect((parseInput(jsonValueSchema(), input, 'checkpoint') as typeof input).messages[0]).not.toBe(
      message,
    );
  });

  it('copies a frozen value that is not plain data: a getter, a symbol key, a sparse array', () => {
    const getter = Object.freeze(Object.defineProperty({}, 'now', { get: () => 1, enumerable: true }));
    const symbol = Object.freeze({ a: 1, [Symbol('s')]: 2 });
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    Object.freeze(sparse);
    for (const value of [getter, symbol, sparse]) {
      const parsed = parseInput(schema, { value }, 'checkpoint') as { value: unknown };
      expect(parsed.value).not.toBe(value);
    }
  });

  it('refuses a frozen value as it refuses the same value unfrozen, at the same path, also once checked', () => {
    const bad = deepFreeze({ list: [{ s: 'a\u0000b' }] });
    expect(refusal(schema, { bad }).field).toBe('metadata.bad.list.0.s');
    const deep = deepFreeze(nestedValue(INPUT_LIMITS.maxJsonDepth)) as object;
    expect(() => parseInput(schema, deep, 'x')).not.toThrow();
    expect(refusal(schema, [deep]).message).toMatch(/deeper than 64/);
    const big = deepFreeze({ s: 'x'.repeat(60) });
    expect(() => parseInput(jsonValueSchema({ maxBytes: 100, keepFrozen: true }), big, 'x')).not.toThrow();
    const error = refusal(jsonValueSchema({ maxBytes: 100, keepFrozen: true }), [big, big]);
    expect(error.message).toMatch(/100 bytes/);
    expect(error.field).toBe(
      refusal(jsonValueSchema({ maxBytes: 100 }), [{ s: 'x'.repeat(60) }, { s: 'x'.repeat(60) }]).field,
    );
    let shared: unknown = deepFreeze(['x'.repeat(100)]);
    for (let i = 0; i < 30; i++) shared = Object.freeze([shared, shared]);
    expect(refusal(schema, shared).message).toMatch(/bytes/);
  });
});

describe('idSchema / textSchema', () => {
  it('refuse ids over the limit, empty, with NUL or lone surrogates', () => {
    expect(() => idSchema.parse('x'.repeat(INPUT_LIMITS.maxIdLength))).not.toThrow();
    expect(refusal(idSchema, 'x'.repeat(INPUT_LIMITS.maxIdLength + 1), 'scopeId').message).toMatch(/255/);
    expect(refusal(idSchema, '', 'scopeId').field).toBe('scopeId');
    expect(refusal(idSchema, 'a\u0000', 'scopeId').message).toMatch(/NUL/);
    expect(refusal(idSchema, '\udc00', 'scopeId').message).toMatch(/surrogate/);
    expect(idSchema.parse('emoji-😀')).toBe('emoji-😀');
  });

  it('refuse text over maxTextBytes', () => {
    expect(refusal(textSchema, 'é'.repeat(INPUT_LIMITS.maxTextBytes / 2 + 1), 'prompt').field).toBe('prompt');
    expect(textSchema.parse('hello')).toBe('hello');
  });
});

describe('toStorableText', () => {
  it('replaces NUL and unpaired surrogates, keeps pairs, and cuts oversize text to the limit', () => {
    expect(toStorableText('a\u0000b\ud800c😀\udc00')).toBe('a\ufffdb\ufffdc😀\ufffd');
    const long = toStorableText('é'.repeat(INPUT_LIMITS.maxTextBytes));
    expect(() => textSchema.parse(long)).not.toThrow();
    expect(long.length).toBeGreaterThan(0);
  });
});
