import { InMemoryJobQueue } from './in-memory-job-queue';
import { describeJobQueueContract } from './job-queue-contract';

describeJobQueueContract('InMemoryJobQueue', async () => {
  const queue = new InMemoryJobQueue();
  return { queue, store: queue.store };
});
