import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type ScriptedStep, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import {
  type AnyRuntimeEvent,
  type ExecutionHandle,
  PluginRegistry,
  PolicyEngine,
  type RuntimeEvent,
  RuntimeKernel,
} from '@agent-runtime/kernel';
import type { Plugin } from '@agent-runtime/plugins';

/** A kernel over a scripted model (the AI SDK's mock model through the real driver) with `plugins` registered. */
export function mcpKernel(
  steps: readonly ScriptedStep[],
  plugins: readonly Plugin[],
  policyEngine = new PolicyEngine(),
) {
  const model = scriptedModel(steps);
  const pluginRegistry = new PluginRegistry();
  for (const plugin of plugins) pluginRegistry.register(plugin);
  const kernel = RuntimeKernel.create({
    agent: aiSdkDriver({ model, middleware: 'none' }),
    pluginRegistry,
    policyEngine,
  });
  return { kernel, model };
}

/**
 * Every event of the job; resolves each `action.required` with `resolve(event)` when given, after running
 * `beforeResolving` (a test's chance to change the world while the job waits).
 */
export async function collectEvents(
  kernel: RuntimeKernel,
  handle: ExecutionHandle,
  resolve?: (event: RuntimeEvent<'action.required'>) => Record<string, unknown>,
  beforeResolving?: () => Promise<void>,
): Promise<AnyRuntimeEvent[]> {
  const events: AnyRuntimeEvent[] = [];
  for await (const event of handle.events()) {
    events.push(event);
    if (event.type !== 'action.required' || !resolve) continue;
    await beforeResolving?.();
    await kernel.actions.resolve({
      resumeToken: event.data.resumeToken,
      resolution: resolve(event),
    });
  }
  return events;
}
/** What the model was sent on its `index`-th call (0-based), as text. */
export function promptOf(model: ReturnType<typeof scriptedModel>, index: number): string {
  return JSON.stringify(model.doStreamCalls[index]?.prompt ?? null);
}

/** An event's data as plain fields, for a test that reads the same field across several event types. */
export function dataOf(event: AnyRuntimeEvent): Readonly<Record<string, unknown>> {
  return event.data;
}
