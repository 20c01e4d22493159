import { type AgentDriver, type ModelInfo, ZERO_USAGE } from '@agent-runtime/core';

/**
 * An AgentDriver that answers in one model step without a model: `text` (or `text(prompt)`), reported as coming
 * from `model`. For load and fuzz tests, benchmarks, and running a kernel offline.
 * @param model @default { provider: 'test', modelId: 'one-step' }
 */
export function oneStepDriver(
  text: string | ((prompt: string) => string),
  model: ModelInfo = { provider: 'test', modelId: 'one-step' },
): AgentDriver {
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  return {
    model,
    async *run(request) {
      await request.beforeStep?.({ step: 1, state: { step: 0, messages: [], usage: ZERO_USAGE } });
      const answer = typeof text === 'string' ? text : text(request.prompt);
      yield { type: 'step-start', step: 1, model };
      yield { type: 'text-delta', step: 1, delta: answer };
      const state = { step: 1, messages: [{ role: 'assistant', content: answer }], usage };
      yield {
        type: 'step-finish',
        step: 1,
        model,
        text: answer,
        toolCalls: [],
        finishReason: 'stop',
        usage,
        durationMs: 0,
        state,
      };
      yield { type: 'finish', text: answer, usage, steps: 1, state };
    },
  };
}
