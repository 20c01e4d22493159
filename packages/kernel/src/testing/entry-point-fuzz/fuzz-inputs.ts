import { hostileValues } from '@agent-runtime/core/testing';
import fc from 'fast-check';

/** What the issue measured breaking the stores, and what breaks JSON: each is also tried as every argument. */
export const HOSTILE: readonly unknown[] = [
  ...hostileValues(),
  '',
  '-1',
  1e300,
  -1,
  2 ** 53 + 1,
  Symbol('s'),
];
const hostile = fc.constantFrom<unknown>(...HOSTILE);

/** Anything at all: hostile values, binary strings, and arbitrary JS values (BigInt, Map, Date, null prototypes). */
export const anyValue = fc.oneof(
  hostile,
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.anything({ withBigInt: true, withNullPrototype: true, withDate: true, withMap: true, maxDepth: 3 }),
);

/** The valid input with some fields replaced by anything: reaches past the first check. */
function nearValid(base: Record<string, unknown>) {
  const fields = Object.fromEntries(
    Object.entries(base).map(([key, value]) => [key, fc.oneof(fc.constant(value), anyValue)]),
  );
  return fc.oneof(
    fc.record(fields, { requiredKeys: [] }),
    fc.record({ ...fields, extra: anyValue }, { requiredKeys: [] }),
  );
}

/** Anything, or `base` with some fields replaced by anything. */
export const input = (base: Record<string, unknown>) => fc.oneof(anyValue, nearValid(base));
/** Anything, or the id `valid`. */
export const idOr = (valid: string) => fc.oneof(anyValue, fc.constant(valid));
/** Anything, or an id that names nothing. */
export const idOrAny = idOr('job_missing');
export const pair = (a: fc.Arbitrary<unknown>, b: fc.Arbitrary<unknown>) => fc.tuple(a, b);
