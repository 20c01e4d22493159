import type { z } from 'zod';
import { ValidationError } from './errors/validation-error';

type Check = (input: unknown) => boolean;

const quickChecks = new WeakMap<z.ZodType, Check>();
const fieldwise = new WeakSet<z.ZodObject>();

/**
 * Registers a hand-written check in front of `schema` (returned as is): input it accepts skips zod in
 * `parseInput`, which returns that input itself. `accepts` must accept only input `schema` accepts and
 * parses to the same value (no defaults, no copies, no transforms); anything else still goes to zod, for
 * the typed error naming the field. Validation stays the same, it costs less on the hot path.
 */
export function withQuickCheck<S extends z.ZodType>(schema: S, accepts: Check): S {
  quickChecks.set(schema, accepts);
  return schema;
}

/**
 * Has `parseInput` parse the object schema field by field, so the quick checks of its fields apply (a valid
 * record whose fields all have one costs no zod call). The output is the one zod gives; input zod refuses
 * is parsed by zod whole, for the same error.
 */
export function withQuickFields<S extends z.ZodObject>(schema: S): S {
  fieldwise.add(schema);
  return schema;
}

/**
 * Parses `input` with `schema`, or throws a ValidationError whose `field` is `what` plus the path of the
 * first issue (`request.budgets.maxCost`). Every public entry point validates through here.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  if (quickChecks.get(schema)?.(input) === true) return input as z.output<S>;
  if (fieldwise.has(schema as unknown as z.ZodObject)) {
    const parsed = parseFields(schema as unknown as z.ZodObject, input);
    if (parsed !== undefined) return parsed as z.output<S>;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [what, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: what, message: 'invalid' };
  throw new ValidationError({
    field: first.field,
    message: `${first.field}: ${first.message}`,
    issues,
    cause: result.error,
  });
}

/** What zod's object parse makes of `input`, field by field; undefined when zod should parse it (and refuse it). */
function parseFields(schema: z.ZodObject, input: unknown): Record<string, unknown> | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const fields = input as Record<string, unknown>;
  const { shape } = schema;
  // unknown keys (zod's strict and strip modes differ on them) and inherited ones, as zod's `for…in` sees them
  for (const key in fields) if (!Object.hasOwn(shape, key)) return undefined;
  const parsed: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const field = shape[key] as z.ZodType;
    const present = key in fields;
    const value = fields[key];
    let data = value;
    if (quickChecks.get(field)?.(value) !== true) {
      // zod's own rule for an absent key of a field that is neither optional nor defaulted
      if (!present && field._zod.optin === undefined) return undefined;
      const result = field.safeParse(value);
      if (!result.success) return undefined;
      data = result.data;
    }
    if (data !== undefined || present) parsed[key] = data;
  }
  return parsed;
}
