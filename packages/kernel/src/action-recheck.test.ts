import { InMemorySignalChannel } from '@agent-runtime/actions';
import { MAX_TIMER_MS } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, type ExecutionHandle, RuntimeKernel, ValidationError } from './index';
import { scriptedKernel, waitForEvent } from './test-helpers';

/** A signal channel that loses every signal (a broken connection): waiters only wake by their timeout. */
class LosingSignalChannel extends InMemorySignalChannel {
  override async signal(): Promise<void> {}
}

const approve = defineTool({
  name: 'approve',
  description: 'Waits for a human',
  inputSchema: z.object({}),
  async execute(_input, toolContext) {
    const action = await toolContext.requireAction({ type: 'approval', payload: {} });
    return { approved: action.resolution?.approved === true };
  },
});

function kernelWithLostSignals(actionRecheckIntervalMs: number) {
  const steps = [{ toolCalls: [{ toolName: 'approve', input: {}, toolCallId: 'a1' }] }, { text: 'Done.' }];
  return scriptedKernel(steps, {
    kernel: { tools: [approve], signalChannel: new LosingSignalChannel(), actionRecheckIntervalMs },
  }).kernel;
}

/** Resolves the job's action (its signal is lost) and returns how long the job took to end after that. */
async function msFromResolutionToEnd(kernel: RuntimeKernel, handle: ExecutionHandle, limitMs: number) {
  const required = await waitForEvent(handle, 'action.required');
  const resolvedAt = performance.now();
  await kernel.actions.resolve({
    resumeToken: required.data.resumeToken as string,
    resolution: { approved: true },
  });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'waiting'>((resolve) => {
    timer = setTimeout(() => resolve('waiting'), limitMs);
  });
  const outcome = await Promise.race([handle.result(), limit]);
  clearTimeout(timer);
  return { outcome, ms: performance.now() - resolvedAt };
}

describe('kernel option actionRecheckIntervalMs (the backstop of a job waiting for an action)', () => {
  it('a job whose resolution signal was lost continues within the interval', async () => {
    const kernel = kernelWithLostSignals(200);
    try {
      const handle = await kernel.execute({ prompt: 'go', scopeId: 's' });
      const { outcome, ms } = await msFromResolutionToEnd(kernel, handle, 5_000);
      expect(outcome).toMatchObject({ status: 'succeeded', content: 'Done.' });
      expect(ms).toBeLessThan(200 + 1_500); // generous for a loaded machine; the default would be 5 s
    } finally {
      await kernel.shutdown({ graceSeconds: 0 });
    }
  });

  it('with a long interval the same job is still waiting a second later (only the recheck wakes it)', async () => {
    const kernel = kernelWithLostSignals(60_000);
    try {
      const handle = await kernel.execute({ prompt: 'go', scopeId: 's' });
      expect((await msFromResolutionToEnd(kernel, handle, 1_000)).outcome).toBe('waiting');
      expect((await handle.job()).status).toBe('running');
    } finally {
      await kernel.shutdown({ graceSeconds: 0 });
    }
  });

  it.each([0, -1, 1.5, MAX_TIMER_MS + 1, '5000'])(
    'refuses %s naming options.actionRecheckIntervalMs',
    (value) => {
      const agent = scriptedKernel([]).kernel.agent;
      const error = (() => {
        try {
          RuntimeKernel.create({ agent, actionRecheckIntervalMs: value as never });
        } catch (e) {
          return e;
        }
      })();
      expect(ValidationError.isInstance(error) && error.field).toBe('options.actionRecheckIntervalMs');
    },
  );
});
