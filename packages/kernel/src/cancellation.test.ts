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

  it('cancel aborts a running tool through its AbortSignal', async () => {
    let aborted = false;
    const clock = new ManualClock();
    const wait = defineTool({
      name: 'wait',
      description: 'waits',
      inputSchema: z.object({}),
      execute: async (_input, toolContext) => {
        toolContext.signal.addEventListener('abort', () => {
          aborted = true;
        });
        await clock.sleep(3_600_000, toolContext.signal);
      },
    });
    const { kernel, model } = scriptedKernel(
      [{ toolCalls: [{ toolName: 'wait', input: {} }] }, { text: 'never' }],
      {
        kernel: { tools: [wait], clock },
      },
    );
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    await waitForEvent(handle, 'tool.start');
    await handle.cancel();
    expect(aborted).toBe(true);
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    expect(model.doStreamCalls).toHaveLength(1);
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
