import { type AgentState, parseInput } from '@agent-runtime/core';
import type { ModelMessage } from 'ai';
import { z } from 'zod';

const count = z.int().nonnegative();

const agentStateSchema = z.object({
  step: count,
  messages: z.array(z.looseObject({ role: z.enum(['system', 'user', 'assistant', 'tool']) })).min(1),
  usage: z.object({
    inputTokens: count,
    outputTokens: count,
    totalTokens: count,
    reasoningTokens: count.optional(),
    cachedInputTokens: count.optional(),
  }),
  pendingToolCalls: z
    .array(z.object({ toolCallId: z.string().min(1), toolName: z.string().min(1), input: z.unknown() }))
    .optional(),
});

/** Checks a saved AgentState before a run continues from it (ValidationError names `request.resumeFrom.<field>`). */
export function parseResumeState(state: AgentState): AgentState {
  parseInput(agentStateSchema, state, 'request.resumeFrom');
  return state;
}

/**
 * The final answer of a saved conversation that needs no further model call (it ends with an assistant
 * message and has no pending tool calls), or undefined when the loop must go on.
 */
export function finishedAnswer(
  messages: readonly ModelMessage[],
  pendingToolCalls: number,
): string | undefined {
  const last = messages.at(-1);
  if (pendingToolCalls > 0 || last?.role !== 'assistant') return undefined;
  if (typeof last.content === 'string') return last.content;
  return last.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}
