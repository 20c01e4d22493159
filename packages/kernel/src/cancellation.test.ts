import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ManualClock } from './index';
import { collect, scriptedKernel, typesOf, waitForEvent } from './test-helpers';

const long = { text: Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ') };

describe('cancellation and timeouts', () => {
  it('handle.cancel() aborts the model stream: job cancelled, no further model call', async () => {
    const { kernel, model } = scriptedKernel([long, { text: 'never' }], { chunkDelayMs: 5 });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    await waitForEvent(handle, 'model.token');
    await handle.cancel('stop it');
    const events = await collect(handle);
    expect(typesOf(events).filter((t) => t === 'model.token').length).toBeLessThan(200);
    expect(typesOf(events).slice(-2)).toEqual(['job.cancelled', 'final.error']);
    expect(events.at(-1)?.data).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(await handle.result()).toMatchObject({ status: 'cancelled', content: '' });
    expect((await handle.job()).status).toBe('cancelled');
    expect(model.doStreamCalls).toHaveLength(1);
  });

  /** A job whose tool waits for an hour on a manual clock; `calls` says, per run of the tool, whether it saw the abort. */
  async function waitingToolJob() {
    const calls: Array<{ aborted: boolean }> = [];
    let running!: () => void;
    const toolRuns = new Promise<void>((resolve) => {
      running = resolve;
    });
    const clock = new ManualClock();
    const wait = defineTool({
      name: 'wait',
      description: 'waits',
      inputSchema: z.object({}),
      execute: async (_input, { signal }) => {
        const call = { aborted: signal.aborted };
        calls.push(call);
        signal.addEventListener('abort', () => {
          call.aborted = true;
        });
        running();
        await clock.sleep(3_600_000, signal);
      },
    });
    const { kernel, model } = scriptedKernel(
      [{ toolCalls: [{ toolName: 'wait', input: {} }] }, { text: 'never' }],
      { kernel: { tools: [wait], clock } },
    );
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    return { handle, model, calls, toolRuns };
  }

  it('cancel aborts a running tool through its AbortSignal', async () => {
    const { handle, model, calls, toolRuns } = await waitingToolJob();
    await toolRuns;
    await handle.cancel();
    expect(calls).toEqual([{ aborted: true }]);
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('a cancel on `tool.start` leaves no tool running: it is aborted, or it never starts', async () => {
    const { handle, calls } = await waitingToolJob();
    await waitForEvent(handle, 'tool.start');
    await handle.cancel();
    const events = await collect(handle);
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    expect(calls.every((call) => call.aborted)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(1);
    expect(typesOf(events)).toContain('tool.error');
  });

  it('timeoutSeconds ends the job timed_out', async () => {
    const clock = new ManualClock();
    const wait = defineTool({
      name: 'wait',
      description: 'waits',
      inputSchema: z.object({}),
      execute: (_input, toolContext) => clock.sleep(3_600_000, toolContext.signal),
    });
    const { kernel } = scriptedKernel([{ toolCalls: [{ toolName: 'wait', input: {} }] }, { text: 'never' }], {
      kernel: { tools: [wait], clock },
    });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's', timeoutSeconds: 30 });
    await waitForEvent(handle, 'tool.start');
    await clock.advance(30_000);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'timed_out', error: { code: 'TIMEOUT' } });
    expect((await handle.job()).status).toBe('timed_out');
  });

  it('cancelling an ended job changes nothing', async () => {
    const { kernel } = scriptedKernel([{ text: 'done' }]);
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    await handle.result();
    await handle.cancel();
    expect((await handle.job()).status).toBe('succeeded');
  });
});
