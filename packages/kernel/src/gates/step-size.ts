import type { AgentState } from '@agent-runtime/core';

const CHARS_PER_TOKEN = 4;

/**
 * A rough size, in tokens, of the model request a step is about to send: its conversation so far at about four
 * characters a token (at least the tokens the loop has used, for drivers that keep no messages).
 */
export function estimateStepTokens(state: AgentState): number {
  const chars = state.messages.length === 0 ? 0 : JSON.stringify(state.messages).length;
  return Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN), state.usage.totalTokens);
}
