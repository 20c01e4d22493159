import type { TokenUsage } from '@agent-runtime/core';
import type { LanguageModelUsage } from 'ai';

/** The AI SDK's usage (counts may be missing) in core's TokenUsage shape. */
export function toTokenUsage(usage: LanguageModelUsage | undefined): TokenUsage {
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const tokenUsage: TokenUsage = {
    inputTokens,
    outputTokens,
    totalTokens: usage?.totalTokens ?? inputTokens + outputTokens,
  };
  const reasoningTokens = usage?.outputTokenDetails?.reasoningTokens;
  if (reasoningTokens !== undefined) tokenUsage.reasoningTokens = reasoningTokens;
  const cachedInputTokens = usage?.inputTokenDetails?.cacheReadTokens;
  if (cachedInputTokens !== undefined) tokenUsage.cachedInputTokens = cachedInputTokens;
  return tokenUsage;
}
