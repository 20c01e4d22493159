import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { withoutUndefined } from '../without-undefined';
import { parsePatch } from './parse-patch';

const shape = { name: z.string().min(1), count: z.number().int().optional(), tag: z.string().default('t') };

describe('parsePatch', () => {
  it('validates only the fields the patch sets, with their schemas (defaults and transforms apply)', () => {
    expect(parsePatch(shape, { count: 2 }, 'job')).toEqual({ count: 2 });
    expect(parsePatch(shape, { tag: undefined }, 'job')).toEqual({ tag: 't' });
    expect(parsePatch(shape, { count: undefined }, 'job')).toEqual({ count: undefined });
  });

  it('refuses a bad value, an undefined required field and an unknown field, naming it', () => {
    for (const [patch, field] of [
      [{ count: 1.5 }, 'job.count'],
      [{ name: undefined }, 'job.name'],
      [{ other: 1 }, 'job.other'],
      // a key the shape only inherits (from Object.prototype) is not one of its fields
      [{ toString: 1 }, 'job.toString'],
    ] as const) {
      const error = (() => {
        try {
          parsePatch(shape, patch, 'job');
        } catch (e) {
          return e;
        }
      })();
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe('withoutUndefined', () => {
  it('copies own keys that are set, `__proto__` as a key (not the prototype)', () => {
    const input = { a: 1, b: undefined, ['__proto__']: { polluted: true } };
    const copy = withoutUndefined(input);
    expect(Object.keys(copy)).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
