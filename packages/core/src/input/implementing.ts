import { z } from 'zod';

/**
 * A schema for a value of a contract that is an interface, not a class: an object with every named method
 * (`implementing<JobStore>('create', 'get', 'update')`). The message names the methods it lacks.
 */
export function implementing<T>(...methods: string[]): z.ZodType<T> {
  return z.custom<T>(
    (value) =>
      value !== null &&
      typeof value === 'object' &&
      methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function'),
    `must have ${methods.join(', ')}`,
  );
}

/** A schema for a callback: any function. */
export function functionSchema<T = (...args: unknown[]) => unknown>(
  message = 'must be a function',
): z.ZodType<T> {
  return z.custom<T>((value) => typeof value === 'function', message);
}
