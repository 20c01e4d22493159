import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type ScriptedStep, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ActionStatus,
  defineTool,
  InMemoryActionStore,
  InMemoryEventBus,
  InMemoryEventLog,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  InMemorySignalChannel,
  KernelShutdownError,
  RuntimeKernel,
} from '../index';

/** Stores shared by two kernels (think: the process that shuts down, and the next one). */
function sharedStores() {
  return {
    jobStore: new InMemoryJobStore(),
    actionStore: new InMemoryActionStore(),
    ledgerWriter: new InMemoryLedgerWriter(),
    eventBus: new InMemoryEventBus(),
    eventLog: new InMemoryEventLog(),
    signalChannel: new InMemorySignalChannel(),
  };
}

function deployTool(runs: string[]) {
  return defineTool({
    name: 'deploy',
    description: 'deploys after a confirmation',
    inputSchema: z.object({}),
    execute: async (_input, toolContext) => {
      const action = await toolContext.requireAction({ type: 'confirm' });
      runs.push(`deployed approved=${action.resolution?.approved}`);
      return { deployed: action.resolution?.approved === true };
    },
  });
}

function kernelOn(stores: ReturnType<typeof sharedStores>, steps: ScriptedStep[], runs: string[]) {
  const model = scriptedModel(steps, { chunkDelayMs: 1 });
  const agent = aiSdkDriver({ model, middleware: 'none' });
  const kernel = RuntimeKernel.create({
    agent,
    tools: [deployTool(runs)],
    ...stores,
    sweepIntervalSeconds: 1,
  });
  return { kernel, model };
}

describe('shutdown while a job waits for an action', () => {
  it('leaves the job waiting (not cancelled); the next kernel continues it after the resolution', async () => {
    const stores = sharedStores();
    const runs: string[] = [];
    const first = kernelOn(
      stores,
      [{ toolCalls: [{ toolName: 'deploy', input: {}, toolCallId: 'c-deploy' }] }],
      runs,
    );
    const handle = await first.kernel.execute({ prompt: 'deploy', scopeId: 's' });
    let resumeToken = '';
    for await (const event of handle.events()) {
      if (event.type !== 'action.required') continue;
      resumeToken = event.data.resumeToken;
      break;
    }

    await first.kernel.shutdown({ graceSeconds: 60 });
    await expect(handle.result()).rejects.toSatisfy(KernelShutdownError.isInstance);
    expect((await handle.job()).status).toBe('waiting_action');
    expect(await stores.actionStore.list({ jobId: handle.jobId, status: ActionStatus.PENDING })).toHaveLength(
      1,
    );
    const logged = await stores.eventLog.read(handle.jobId);
    expect(logged.map((event) => event.type)).not.toContain('tool.error');
    expect(first.model.doStreamCalls).toHaveLength(1);

    const next = kernelOn(stores, [{ text: 'deployed' }], runs);
    try {
      await next.kernel.start();
      await next.kernel.actions.resolve({ resumeToken, resolution: { approved: true } });
      const result = await (await next.kernel.attach(handle.jobId)).result();
      expect(result).toMatchObject({ status: 'succeeded', content: 'deployed', turns: 2 });
      const toolEnds = (await stores.eventLog.read(handle.jobId)).filter((e) => e.type === 'tool.end');
      expect(toolEnds.map((e) => [e.data.toolCallId, e.data.step])).toEqual([['c-deploy', 1]]);
      expect(next.model.doStreamCalls).toHaveLength(1);
      expect(runs).toEqual(['deployed approved=true']);
    } finally {
      await next.kernel.shutdown();
    }
  }, 30_000);
});
