import type { TokenUsage } from '@agent-runtime/core';
import { jsonValueSchema } from '@agent-runtime/core';
import { z } from 'zod';

/** One model step as recorded: enough to serve it again offline, deltas included. */
export interface ModelResponse {
  step: number;
  provider: string;
  model: string;
  text: string;
  reasoning?: string;
  textDeltas: string[];
  reasoningDeltas: string[];
  toolCalls: { toolCallId: string; toolName: string; input: unknown }[];
  finishReason: string;
  usage: TokenUsage;
  cost?: string;
}

export const modelResponseSchema = z.strictObject({
  step: z.number().int().nonnegative(),
  provider: z.string(),
  model: z.string(),
  text: z.string(),
  reasoning: z.string().optional(),
  textDeltas: z.array(z.string()),
  reasoningDeltas: z.array(z.string()),
  toolCalls: z.array(
    z.strictObject({ toolCallId: z.string(), toolName: z.string(), input: jsonValueSchema() }),
  ),
  finishReason: z.string(),
  usage: z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    totalTokens: z.number(),
    reasoningTokens: z.number().optional(),
    cachedInputTokens: z.number().optional(),
  }),
  cost: z.string().optional(),
});
