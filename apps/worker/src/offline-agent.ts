import { type AgentDriver, ZERO_USAGE } from '@agent-runtime/kernel';

/** The agent without OPENAI_API_KEY: one model step that answers `Done: <prompt>`, with no model behind it. */
export function offlineAgent(): AgentDriver {
  const model = { provider: 'offline', modelId: 'echo' };
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  return {
    model,
    async *run(request) {
      await request.beforeStep?.({ step: 1, state: { step: 0, messages: [], usage: ZERO_USAGE } });
      const text = `Done: ${request.prompt}`;
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
