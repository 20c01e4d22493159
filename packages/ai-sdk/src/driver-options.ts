import { type Clock, functionSchema, type RuntimeTool } from '@agent-runtime/core';
import type { LanguageModel, LanguageModelMiddleware, StopCondition, ToolSet } from 'ai';
import { z } from 'zod';

/** A model object (a provider's `openai('gpt-5-nano')`, a mock, a wrapped model); not a gateway id string. */
export type DriverModel = Exclude<LanguageModel, string>;

/** `providerOptions` of an AI SDK call: per-provider settings (`{ openai: { reasoningEffort: 'low' } }`). */
export type ProviderOptions = Record<string, Record<string, unknown>>;

export interface AiSdkDriverOptions {
  /** The model every step uses. */
  model: DriverModel;
  /** The cheaper model a step uses when the kernel degrades (budget `exceedStrategy: 'degrade'`). */
  degradedModel?: DriverModel;
  /** Tools of this agent; the kernel offers them (through its gate) together with its own and plugins'. */
  tools?: readonly RuntimeTool[];
  /** System instructions sent with every step. */
  instructions?: string;
  /** Extra AI SDK stop conditions (`hasToolCall('finish')`), checked after each step that called tools. */
  stopWhen?: StopCondition<ToolSet> | StopCondition<ToolSet>[];
  /**
   * Most model steps of a run. The request's `maxSteps` (the kernel passes the job's `maxTurns`) wins when it is
   * smaller or when this is not set; with neither, 20.
   * @default 20 (only when the request names no maxSteps)
   */
  maxSteps?: number;
  /**
   * Language-model middleware (`wrapLanguageModel`): `'production'` (default) = per-call timeout and retry with
   * exponential backoff on transient provider errors (429, 5xx, network), never on other 4xx; `'none'`; or your own.
   */
  middleware?: 'production' | 'none' | LanguageModelMiddleware[];
  /** Per model call timeout of the production middleware (default 120000). */
  timeoutMs?: number;
  /** Retries of a transient provider error by the production middleware (default 2). */
  maxRetries?: number;
  /** First retry delay of the production middleware, doubled per retry (default 1000). */
  retryDelayMs?: number;
  providerOptions?: ProviderOptions;
  /** Times the production middleware's deadline and backoff and each step's `durationMs` (default `systemClock`). */
  clock?: Clock;
}

const modelSchema = z.custom<DriverModel>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { provider?: unknown }).provider === 'string' &&
    typeof (value as { modelId?: unknown }).modelId === 'string' &&
    typeof (value as { doStream?: unknown }).doStream === 'function',
  'must be an AI SDK language model object (provider, modelId, doStream)',
);

const toolSchema = z.looseObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
  description: z.string(),
  inputSchema: z.custom<z.ZodType>((value) => value instanceof z.ZodType, 'must be a zod schema'),
  execute: functionSchema<RuntimeTool['execute']>(),
});

const stopConditionSchema = functionSchema<StopCondition<ToolSet>>('must be a stop condition function');

const middlewareSchema = z.custom<LanguageModelMiddleware>(
  (value) => typeof value === 'object' && value !== null,
  'must be a language model middleware object',
);

export const driverOptionsSchema = z.strictObject({
  model: modelSchema,
  degradedModel: modelSchema.optional(),
  tools: z
    .array(toolSchema)
    .refine(
      (tools) => new Set(tools.map((tool) => tool.name)).size === tools.length,
      'tool names must be unique',
    )
    .optional(),
  instructions: z.string().optional(),
  stopWhen: z.union([stopConditionSchema, z.array(stopConditionSchema)]).optional(),
  maxSteps: z.int().positive().optional(),
  middleware: z.union([z.literal('production'), z.literal('none'), z.array(middlewareSchema)]).optional(),
  timeoutMs: z.int().positive().optional(),
  maxRetries: z.int().nonnegative().optional(),
  retryDelayMs: z.int().nonnegative().optional(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  clock: z
    .custom<Clock>(
      (value) =>
        typeof (value as Clock | null)?.now === 'function' &&
        typeof (value as Clock | null)?.sleep === 'function',
      'must be a Clock (now, sleep)',
    )
    .optional(),
});

export const DEFAULT_MAX_STEPS = 20;
