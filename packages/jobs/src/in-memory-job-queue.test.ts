import { expect, it } from 'vitest';
import { InMemoryJobQueue } from './in-memory-job-queue';
import { describeJobQueueContract } from './job-queue-contract';
import { JobRecord } from './job-record';

describeJobQueueContract('InMemoryJobQueue', async () => {
  const queue = new InMemoryJobQueue();
  return { queue, store: queue.store };
});

it('watch calls back after each new enqueue (not for a duplicate key) until stopped', async () => {
  const queue = new InMemoryJobQueue();
  let heard = 0;
  const stop = await queue.watch(() => {
    heard += 1;
  });
  await queue.enqueue(new JobRecord({ jobId: 'a', scopeId: 's', idempotencyKey: 'k' }));
  await queue.enqueue(new JobRecord({ jobId: 'b', scopeId: 's', idempotencyKey: 'k' }));
  await Promise.resolve();
  expect(heard).toBe(1);
  await stop();
  await queue.enqueue(new JobRecord({ jobId: 'c', scopeId: 's' }));
  await Promise.resolve();
  expect(heard).toBe(1);
});
