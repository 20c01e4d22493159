import { parseInput, ValidationError } from '@agent-runtime/core';
import type { Context } from 'hono';
import type { z } from 'zod';

/** The JSON body parsed by `schema`; ValidationError naming the field (`body.prompt`). An empty body is `{}`. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ValidationError({ field: 'body', message: 'body: must be JSON' });
  }
  return parseInput(schema, body, 'body');
}

/** The query string parsed by `schema`; ValidationError naming the parameter (`query.limit`). */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseInput(schema, c.req.query(), 'query');
}
