import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from './errors/validation-error';
import { parseInput, withQuickCheck, withQuickFields } from './validation';

const schema = z.strictObject({ budgets: z.strictObject({ maxTokens: z.number().int() }) });

it('returns parsed input', () => {
  expect(parseInput(schema, { budgets: { maxTokens: 3 } }, 'request')).toEqual({ budgets: { maxTokens: 3 } });
});

it('names the offending field with its full path', () => {
  try {
    parseInput(schema, { budgets: { maxTokens: 1.5 } }, 'request');
    expect.unreachable();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    const e = error as ValidationError;
    expect(e.field).toBe('request.budgets.maxTokens');
    expect(e.message).toMatch(/^request\.budgets\.maxTokens: /);
    expect(e.issues[0]?.field).toBe('request.budgets.maxTokens');
  }
});

it('names unknown keys of strict objects', () => {
  expect(() => parseInput(schema, { budgets: { maxTokens: 1 }, max_tokens: 1 }, 'request')).toThrow(
    /request/,
  );
});

describe('withQuickFields', () => {
  const positive = withQuickCheck(
    z.number().int().positive(),
    (v) => Number.isSafeInteger(v) && (v as number) > 0,
  );
  const shape = {
    id: withQuickCheck(z.string().min(1), (v) => typeof v === 'string' && v.length > 0),
    count: withQuickCheck(
      positive.optional(),
      (v) => v === undefined || (Number.isSafeInteger(v) && (v as number) > 0),
    ),
    mode: z.enum(['a', 'b']).default('a'),
    note: z.string().min(2).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    anything: z.unknown(),
  };
  const fieldwise = withQuickFields(z.strictObject(shape));
  const whole = z.strictObject(shape);
  const inherited = Object.assign(Object.create({ extra: 1 }), { id: 'x' });
  const inputs: unknown[] = [
    { id: 'x' },
    { id: 'x', count: 2, mode: 'b', note: 'hi', tags: { k: 'v' }, anything: [1] },
    { id: 'x', count: undefined, mode: undefined, note: undefined, anything: undefined },
    { id: '' },
    { id: 'x', count: 0 },
    { id: 'x', count: 1.5 },
    { id: 'x', mode: 'c' },
    { id: 'x', note: 'h' },
    { id: 'x', tags: { k: 1 } },
    { id: 'x', other: 1 },
    { count: 2 },
    {},
    inherited,
    null,
    [],
    'x',
    undefined,
  ];

  it.each(inputs)('parses %j as the whole-object parse does, or fails naming the same field', (input) => {
    const expected = whole.safeParse(input);
    let actual: unknown;
    let error: unknown;
    try {
      actual = parseInput(fieldwise, input, 'thing');
    } catch (e) {
      error = e;
    }
    if (expected.success) {
      expect(error).toBeUndefined();
      expect(actual).toStrictEqual(expected.data);
    } else {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(
        ['thing', ...expected.error.issues[0]!.path.map(String)].join('.'),
      );
    }
  });
});
