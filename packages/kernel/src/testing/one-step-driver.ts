import { type AgentDriver, ZERO_USAGE } from '@agent-runtime/core';

/** A minimal AgentDriver answering `text` in one step, without a model: for load and fuzz tests. */
export function oneStepDriver(text: string): AgentDriver {
  const model = { provider: 'test', modelId: 'one-step' };
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  return {
    model,
    async *run(request) {
      await request.beforeStep?.({ step: 1, state: { step: 0, messages: [], usage: ZERO_USAGE } });
      yield { type: 'step-start', step: 1, model };
      yield { type: 'text-delta', step: 1, delta: text };
      const state = { step: 1, messages: [{ role: 'assistant', content: text }], usage };
      yield {
        type: 'step-finish',
        step: 1,
        model,
        text,
        toolCalls: [],
        finishReason: 'stop',
        usage,
        durationMs: 0,
        state,
      };
      yield { type: 'finish', text, usage, steps: 1, state };
    },
  };
}
