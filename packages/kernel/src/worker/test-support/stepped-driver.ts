import type { AgentDriver, AgentState } from '@agent-runtime/core';

export interface SteppedDriverOptions {
  /** Model steps per job (the last one answers). */
  steps: number;
  /** How long each model call takes. */
  stepMs?: number;
  /** Called as each model call starts, with the job and the step it is for. */
  onModelCall?: (jobId: string, step: number) => void;
  /** Called once the kernel took a step's result (it saved the step's checkpoint before asking for more). */
  onStepSaved?: (jobId: string, step: number) => void;
}

/**
 * A no-op scripted agent for worker tests and benches: `steps` model steps of `stepMs` each, no AI SDK cost.
 * It honours `resumeFrom`, so a resumed job calls the model only for the steps after its checkpoint.
 */
export function steppedDriver({
  steps,
  stepMs = 0,
  onModelCall,
  onStepSaved,
}: SteppedDriverOptions): AgentDriver {
  const model = { provider: 'test', modelId: 'stepped' };
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  return {
    model,
    async *run(request) {
      let state: AgentState = request.resumeFrom ?? {
        step: 0,
        messages: [],
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      };
      for (let step = state.step + 1; step <= steps; step++) {
        await request.beforeStep?.({ step, state });
        const jobId = request.context.jobId ?? '';
        onModelCall?.(jobId, step);
        if (stepMs > 0) await sleep(stepMs, request.signal);
        const text = `step ${step}`;
        yield { type: 'step-start', step, model };
        yield { type: 'text-delta', step, delta: text };
        state = { step, messages: [...state.messages, { role: 'assistant', content: text }], usage };
        const finishReason = step === steps ? 'stop' : 'tool-calls';
        yield {
          type: 'step-finish',
          step,
          model,
          text,
          toolCalls: [],
          finishReason,
          usage,
          durationMs: stepMs,
          state,
        };
        onStepSaved?.(jobId, step);
      }
      yield { type: 'finish', text: `step ${steps}`, usage, steps, state };
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
