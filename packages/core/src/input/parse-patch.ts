import type { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { parseInput } from '../validation';

type PatchOf<S extends Record<string, z.ZodType>> = { -readonly [K in keyof S]?: z.output<S[K]> };

/**
 * Validates only the fields `patch` sets, each against its schema in `shape` (an `undefined` value is
 * checked too, so an optional field clears and a required one is refused): the cheap way to change a few
 * fields of a record whose other fields were validated when it was built. Throws ValidationError naming
 * `what.field`, also for a field `shape` does not have.
 */
export function parsePatch<S extends Record<string, z.ZodType>>(
  shape: S,
  patch: object,
  what: string,
): PatchOf<S> {
  const checked: Record<string, unknown> = {};
  for (const key of Object.keys(patch)) {
    const value = (patch as Record<string, unknown>)[key];
    const schema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (schema === undefined) {
      const field = `${what}.${key}`;
      throw new ValidationError({ field, message: `${field}: not a known field` });
    }
    checked[key] = parseInput(schema, value, `${what}.${key}`);
  }
  return checked as PatchOf<S>;
}
