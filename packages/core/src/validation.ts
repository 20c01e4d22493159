import type { z } from 'zod';
import { ValidationError } from './errors/validation-error';

/**
 * Parses `input` with `schema`, or throws a ValidationError whose `field` is `what` plus the path of the
 * first issue (`request.budgets.maxCost`). Every public entry point validates through here.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
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
