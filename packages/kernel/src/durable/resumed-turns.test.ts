import { InMemoryJobStore, JobRecord } from '@agent-runtime/jobs';
import { expect, it } from 'vitest';
import { RuntimeKernel } from '../index';
import { steppedDriver } from '../worker/test-support/stepped-driver';

it('a job whose kernel died between a step checkpoint and the turn count resumes counting the checkpoint’s steps', async () => {
  const jobStore = new InMemoryJobStore();
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  // step 1 is in the checkpoint, but the kernel died before it stored turn 1 (and its lease lapsed)
  await jobStore.create(
    new JobRecord({
      jobId: 'half-written',
      scopeId: 's',
      status: 'running',
      turn: 0,
      startedAt: 1,
      leaseOwner: 'dead-worker',
      leaseExpiresAt: 1,
      checkpoint: {
        prompt: 'p',
        toolJournal: {},
        step: 1,
        messages: [{ role: 'assistant', content: 'step 1' }],
        usage,
      },
    }),
  );
  const calls: number[] = [];
  const kernel = RuntimeKernel.create({
    agent: steppedDriver({ steps: 2, onModelCall: (_jobId, step) => calls.push(step) }),
    jobStore,
  });
  const result = await (await kernel.resume('half-written')).result();
  expect(calls).toEqual([2]);
  expect(result).toMatchObject({ status: 'succeeded', turns: 2 });
  expect((await jobStore.get('half-written'))?.turn).toBe(2);
  await kernel.shutdown();
});
