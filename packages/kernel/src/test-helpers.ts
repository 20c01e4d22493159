import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type ScriptedStep, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import {
  type AgentDriver,
  type AnyRuntimeEvent,
  type ExecutionHandle,
  type RuntimeEvent,
  type RuntimeEventType,
  RuntimeKernel,
  type RuntimeKernelCreateOptions,
  ZERO_USAGE,
} from './index';

type DriverOptions = Omit<Parameters<typeof aiSdkDriver>[0], 'model'>;

/** A kernel over a scripted model (the AI SDK's mock model through the real driver), for tests. */
export function scriptedKernel(
  steps: readonly ScriptedStep[],
  {
    driver = {},
    kernel = {},
    chunkDelayMs,
    degradedSteps,
  }: {
    driver?: DriverOptions;
    kernel?: Omit<RuntimeKernelCreateOptions, 'agent'>;
    chunkDelayMs?: number;
    degradedSteps?: readonly ScriptedStep[];
  } = {},
) {
  const model = scriptedModel(steps, { provider: 'openai', modelId: 'gpt-5-nano', chunkDelayMs });
  const degradedModel =
    degradedSteps && scriptedModel(degradedSteps, { provider: 'openai', modelId: 'gpt-5-mini' });
  const agent = aiSdkDriver({
    model,
    ...(degradedModel ? { degradedModel } : {}),
    middleware: 'none',
    ...driver,
  });
  return { kernel: RuntimeKernel.create({ agent, ...kernel }), model, degradedModel };
}

export async function collect(handle: ExecutionHandle): Promise<AnyRuntimeEvent[]> {
  const events: AnyRuntimeEvent[] = [];
  for await (const event of handle.events()) events.push(event);
  return events;
}

export const typesOf = (events: readonly AnyRuntimeEvent[]) => events.map((event) => event.type);

/** The first event of `type`, once it arrives. */
export async function waitForEvent<T extends RuntimeEventType>(
  handle: ExecutionHandle,
  type: T,
): Promise<RuntimeEvent<T>> {
  for await (const event of handle.events()) if (event.type === type) return event as RuntimeEvent<T>;
  throw new Error(`the job ended without a ${type} event`);
}

/** A minimal AgentDriver answering `text` in one step, for load tests where the AI SDK's own cost would dominate. */
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
