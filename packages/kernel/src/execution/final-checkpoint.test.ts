import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, InMemoryJobStore, type JobRecord } from '../index';
import { scriptedKernel } from '../test-helpers';

const request = { prompt: 'p', scopeId: 'tenant-1' };

/** A job store that keeps every record it is asked to write. */
function recordingStore() {
  const store = new InMemoryJobStore();
  const written: JobRecord[] = [];
  const [create, update] = [store.create.bind(store), store.update.bind(store)];
  store.create = (job, options) => {
    written.push(job);
    return create(job, options);
  };
  store.update = (job, options) => {
    written.push(job);
    return update(job, options);
  };
  return { store, written };
}

describe('the checkpoint of a finished loop', () => {
  it('is stored when it differs from the last step’s: tools ran after it, then the step limit ended the loop', async () => {
    const echo = defineTool({
      name: 'echo',
      description: 'echo',
      inputSchema: z.object({}),
      execute: () => 'ok',
    });
    const { kernel } = scriptedKernel([{ toolCalls: [{ toolName: 'echo', input: {} }] }], {
      kernel: { tools: [echo] },
    });
    const handle = await kernel.execute({ ...request, budgets: { maxTurns: 1 } });
    await handle.result();
    const checkpoint = (await handle.job()).checkpoint as { messages: Array<{ role: string }> };
    // the tool's result is in the loop's final state only, not in step 1's checkpoint
    expect(checkpoint.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('is not written again when it is the last step’s (a final answer): the job has it already', async () => {
    const { store, written } = recordingStore();
    const { kernel } = scriptedKernel([{ text: 'done' }], { kernel: { jobStore: store } });
    const handle = await kernel.execute(request);
    expect((await handle.result()).status).toBe('succeeded');
    // created running, step 1's checkpoint (with its progress), completion
    expect(written.map((job) => job.status)).toEqual(['running', 'running', 'succeeded']);
    const checkpoint = (await handle.job()).checkpoint as { step: number; messages: Array<{ role: string }> };
    expect(checkpoint.step).toBe(1);
    expect(checkpoint.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
  });
});
