import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineTool,
  InMemoryActionStore,
  InMemoryEventBus,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  InMemorySignalChannel,
  RuntimeKernel,
} from './index';

const confirm = defineTool({
  name: 'confirm_it',
  description: 'asks a human',
  inputSchema: z.object({}),
  execute: async (_input, toolContext) => (await toolContext.requireAction({ type: 'confirm' })).resolution,
});

/** Two kernels (think: two processes) over the same stores, signal channel and bus. */
function twoKernels() {
  const shared = {
    jobStore: new InMemoryJobStore(),
    actionStore: new InMemoryActionStore(),
    ledgerWriter: new InMemoryLedgerWriter(),
    eventBus: new InMemoryEventBus(),
    signalChannel: new InMemorySignalChannel(),
    tools: [confirm],
  };
  const steps = [{ toolCalls: [{ toolName: 'confirm_it', input: {} }] }, { text: 'confirmed' }];
  const modelA = scriptedModel(steps, { chunkDelayMs: 1 });
  const modelB = scriptedModel(steps, { chunkDelayMs: 1 });
  const a = RuntimeKernel.create({ agent: aiSdkDriver({ model: modelA, middleware: 'none' }), ...shared });
  const b = RuntimeKernel.create({ agent: aiSdkDriver({ model: modelB, middleware: 'none' }), ...shared });
  return { a, b, modelA, modelB };
}

describe('two kernels over the same stores', () => {
  it('run a job once for one idempotency key, and either resolves its action by resume token', async () => {
    const { a, b, modelA, modelB } = twoKernels();
    const request = { prompt: 'p', scopeId: 'tenant-1', idempotencyKey: 'k-1' };
    const [onA, onB] = await Promise.all([a.execute(request), b.execute(request)]);
    expect(onB.jobId).toBe(onA.jobId);
    for await (const event of onA.events())
      if (event.type === 'action.required')
        await b.actions.resolve({ resumeToken: event.data.resumeToken, resolution: { ok: true } });
    const [resultA, resultB] = await Promise.all([onA.result(), onB.result()]);
    expect(resultA).toMatchObject({ status: 'succeeded', content: 'confirmed' });
    expect(resultB).toMatchObject({
      jobId: resultA.jobId,
      status: 'succeeded',
      content: 'confirmed',
      usage: resultA.usage,
    });
    expect(modelA.doStreamCalls.length + modelB.doStreamCalls.length).toBe(2);
  });

  it('a job cancelled through the other kernel stops at once (bus) and withdraws its action', async () => {
    const { a, b, modelA } = twoKernels();
    const handle = await a.execute({ prompt: 'p', scopeId: 'tenant-1' });
    for await (const event of handle.events())
      if (event.type === 'action.required') await b.jobs.cancel(handle.jobId, { reason: 'from b' });
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    expect(await b.actions.listPending({ jobId: handle.jobId })).toEqual([]);
    expect(modelA.doStreamCalls).toHaveLength(1);
  });
});
