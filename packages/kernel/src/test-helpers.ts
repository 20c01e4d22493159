import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type ScriptedStep, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import {
  type AnyRuntimeEvent,
  type ExecutionHandle,
  type RuntimeEvent,
  type RuntimeEventType,
  RuntimeKernel,
  type RuntimeKernelCreateOptions,
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

export { oneStepDriver } from './testing/one-step-driver';
