import { describe, expect, it } from 'vitest';
import { InMemoryJobStore } from './in-memory-job-store';
import { JobManager } from './job-manager';
import type { JobRecord } from './job-record';
import type { JobUpdateOptions } from './job-store';

/** The store's `update` calls: the status each wrote and whether it was told it is a durability point. */
function recordingUpdates(store: InMemoryJobStore) {
  const updates: [status: string, durabilityPoint: boolean][] = [];
  const update = store.update.bind(store);
  store.update = (job: JobRecord, options?: JobUpdateOptions) => {
    updates.push([job.status, options?.durabilityPoint === true]);
    return update(job, options);
  };
  return updates;
}

describe('JobManager: durability points', () => {
  it('tells the store that every transition and a checkpoint saved with durabilityPoint are; other checkpoints and progress are not', async () => {
    const store = new InMemoryJobStore();
    const updates = recordingUpdates(store);
    const manager = new JobManager(store);
    const { jobId } = await manager.create({ scopeId: 's' });
    await manager.start(jobId);
    await manager.saveCheckpoint(jobId, { step: 1 }, { progress: 0.5, turn: 1 });
    await manager.saveCheckpoint(jobId, { step: 1, tool: 'running' }, { durabilityPoint: true });
    await manager.updateProgress(jobId, 0.6);
    await manager.waitForAction(jobId);
    await manager.resume(jobId);
    await manager.complete(jobId);
    expect(updates).toEqual([
      ['running', true],
      ['running', false],
      ['running', true],
      ['running', false],
      ['waiting_action', true],
      ['running', true],
      ['succeeded', true],
    ]);
  });
});
