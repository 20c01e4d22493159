import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { parseInput, withQuickCheck } from '../validation';
import {
  isNonEmptyString,
  isNonNegativeInteger,
  isNonNegativeNumber,
  isPositiveInteger,
  isStorableId,
  isStorableText,
  isUndefined,
  orUndefined,
} from './quick-checks';
import { idSchema, textSchema } from './text-schemas';

/** Values at and around every edge the checks draw. */
const CORPUS: unknown[] = [
  undefined,
  null,
  true,
  0,
  -0,
  1,
  -1,
  0.5,
  2 ** 53,
  2 ** 53 - 1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1n,
  '',
  'a',
  '1',
  'x'.repeat(255),
  'x'.repeat(256),
  'x'.repeat(1_048_576),
  'x'.repeat(1_048_577),
  'é'.repeat(600_000),
  'a\u0000b',
  '\ud800',
  '\ud83d\ude00',
  {},
  [],
  new Number(1),
  new String('a'),
];

const PAIRS: [string, (value: unknown) => boolean, z.ZodType][] = [
  ['isStorableId', isStorableId, idSchema],
  ['isNonEmptyString', isNonEmptyString, z.string().min(1)],
  ['isNonNegativeNumber', isNonNegativeNumber, z.number().finite().nonnegative()],
  ['isNonNegativeInteger', isNonNegativeInteger, z.number().int().nonnegative()],
  ['isPositiveInteger', isPositiveInteger, z.number().int().positive()],
  ['isStorableText', isStorableText, textSchema],
  ['orUndefined(isStorableId)', orUndefined(isStorableId), idSchema.optional()],
];

describe('quick checks', () => {
  it.each(PAIRS)(
    '%s accepts only what its schema accepts, and the schema parses it to itself',
    (_, accepts, schema) => {
      for (const value of CORPUS) {
        const parsed = schema.safeParse(value);
        if (accepts(value)) {
          expect(parsed.success, String(value)).toBe(true);
          expect(Object.is(parsed.data, value), String(value)).toBe(true);
        }
      }
    },
  );

  it('isUndefined accepts only undefined, which an optional schema parses to itself', () => {
    expect(CORPUS.filter(isUndefined)).toEqual([undefined]);
    expect(z.number().optional().parse(undefined)).toBeUndefined();
  });

  it.each(PAIRS)('%s accepts the common valid values (so the check is used at all)', (_, accepts) => {
    expect(CORPUS.filter((value) => accepts(value)).length).toBeGreaterThan(1);
  });

  it('parseInput returns what a quick check accepts and still names the field of what it refuses', () => {
    const schema = withQuickCheck(z.number().int().positive(), isPositiveInteger);
    expect(parseInput(schema, 3, 'seq')).toBe(3);
    for (const bad of [0, 1.5, '3', undefined])
      expect(() => parseInput(schema, bad, 'event.seq')).toThrow(
        expect.objectContaining({ name: 'ValidationError', field: 'event.seq' }),
      );
  });

  it('parseInput refuses a bad id through zod although idSchema has a quick check', () => {
    for (const bad of ['', 'a\u0000b', 'x'.repeat(256), 7])
      expect(() => parseInput(idSchema, bad, 'job.jobId')).toThrow(ValidationError);
  });
});
