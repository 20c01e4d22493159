import type { AgentToolCall, ToolOutcome } from '@agent-runtime/core';
import type { ToolModelMessage } from 'ai';
import { toJsonValue } from './to-json-value';

export interface ExecutedToolCall {
  readonly call: AgentToolCall;
  readonly outcome: ToolOutcome;
}

/** The `tool` message that tells the model what its calls returned; an `error` outcome is an error result. */
export function toolResultsMessage(executed: readonly ExecutedToolCall[]): ToolModelMessage {
  return {
    role: 'tool',
    content: executed.map(({ call, outcome }) => ({
      type: 'tool-result' as const,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      output: toolOutput(outcome),
    })),
  };
}

function toolOutput(
  outcome: ToolOutcome,
): ToolModelMessage['content'][number] extends infer P
  ? P extends { type: 'tool-result'; output: infer O }
    ? O
    : never
  : never {
  if (outcome.type === 'error') return { type: 'error-text', value: outcome.error };
  if (typeof outcome.output === 'string') return { type: 'text', value: outcome.output };
  return { type: 'json', value: toJsonValue(outcome.output) };
}
