import { expect, it } from 'vitest';
import { addUsage, ZERO_USAGE } from './token-usage';

it('adds usage, keeping optional counts only when present', () => {
  const a = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
  expect(addUsage(ZERO_USAGE, a)).toEqual(a);
  expect(addUsage(a, { ...a, reasoningTokens: 3 })).toEqual({
    inputTokens: 20,
    outputTokens: 10,
    totalTokens: 30,
    reasoningTokens: 3,
  });
  expect(addUsage({ ...a, cachedInputTokens: 2 }, a).cachedInputTokens).toBe(2);
});
