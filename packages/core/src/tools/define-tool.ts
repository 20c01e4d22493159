import { z } from 'zod';
import { functionSchema } from '../input/implementing';
import { jsonObjectSchema } from '../input/json-value-schema';
import type { JsonValue } from '../json';
import { type MoneyInput, moneySchema } from '../money';
import { parseInput } from '../validation';
import type { RuntimeTool, ToolContext } from './runtime-tool';

export interface ToolDefinition<S extends z.ZodType, Output> {
  /** 1-64 characters of letters, digits, `_` and `-` (what model providers accept). */
  name: string;
  description: string;
  inputSchema: S;
  /** Carried on the call's tool events as `toolMetadata`; see RuntimeTool. */
  metadata?: Record<string, JsonValue>;
  /**
   * What one call costs in dollars: reserved under the job's hard cost limits before the call (a call the
   * headroom cannot cover is refused before it runs) and recorded with its tool_usage event.
   */
  cost?: MoneyInput;
  /**
   * Safe to run again with the same input: a call interrupted by a crash is re-run on resume (with the same
   * `toolContext.idempotencyKey`) instead of being reported to the model as interrupted.
   * @default false
   */
  idempotent?: boolean;
  execute(input: z.output<S>, toolContext: ToolContext): Promise<Output> | Output;
}

const definitionSchema = z.object({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
  description: z.string().min(1),
  inputSchema: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'must be a zod schema'),
  metadata: jsonObjectSchema().optional(),
  idempotent: z.boolean().optional(),
  execute: functionSchema(),
  cost: moneySchema.optional(),
});

/** Defines a RuntimeTool; throws ValidationError naming the field when the definition is malformed. */
export function defineTool<S extends z.ZodType, Output>(
  definition: ToolDefinition<S, Output>,
): RuntimeTool<z.output<S>, Output> {
  parseInput(definitionSchema, definition, 'tool');
  return Object.freeze({ ...definition }) as unknown as RuntimeTool<z.output<S>, Output>;
}
