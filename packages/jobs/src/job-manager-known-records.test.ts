import { type EventBus, InvalidTransitionError, ManualClock, type RuntimeEvent } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryJobStore } from './in-memory-job-store';
import { JobManager } from './job-manager';
import { JobStatus } from './job-status';

/** The store, counting its reads. */
function countingReads(store: InMemoryJobStore) {
  const counted = Object.create(store) as InMemoryJobStore & { reads: number };
  counted.reads = 0;
  counted.get = async (jobId) => {
    counted.reads++;
    return store.get(jobId);
  };
  return counted;
}

describe('JobManager: transitions from the record it knows', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  let store: InMemoryJobStore;

  beforeEach(() => {
    store = new InMemoryJobStore({ clock });
  });

  it('writes each transition of its own job without reading it first', async () => {
    const counted = countingReads(store);
    const manager = new JobManager(counted, { clock });
    const { jobId } = await manager.create({ scopeId: 's' });
    await manager.start(jobId);
    await manager.updateProgress(jobId, 0.5, { turn: 1 });
    await manager.saveCheckpoint(jobId, { step: 1 });
    await manager.waitForAction(jobId);
    await manager.resume(jobId);
    const done = await manager.complete(jobId, { resultRef: 'r' });
    expect(done).toMatchObject({ status: JobStatus.SUCCEEDED, version: 7, checkpoint: { step: 1 } });
    expect(counted.reads).toBe(0);
  });

  it('re-reads on a version conflict, so a stale record never overwrites what another manager wrote', async () => {
    const counted = countingReads(store);
    const a = new JobManager(counted, { clock });
    const b = new JobManager(store, { clock });
    const { jobId } = await a.create({ scopeId: 's' });
    await a.start(jobId);
    await b.saveCheckpoint(jobId, { by: 'b' });
    const updated = await a.updateProgress(jobId, 0.7, { turn: 2 });
    expect(updated).toMatchObject({ progress: 0.7, turn: 2, checkpoint: { by: 'b' }, version: 4 });
    expect(counted.reads).toBe(1);
    expect((await store.get(jobId))?.toJSON()).toEqual(updated.toJSON());
  });

  it('re-checks the transition on the fresh record: a job another manager ended stays ended', async () => {
    const a = new JobManager(store, { clock });
    const b = new JobManager(store, { clock });
    const { jobId } = await a.create({ scopeId: 's' });
    await a.start(jobId);
    const cancelled = await b.cancel(jobId, { reason: 'stop' });
    await expect(a.complete(jobId)).rejects.toThrow(InvalidTransitionError);
    expect((await store.get(jobId))?.toJSON()).toEqual(cancelled.toJSON());
  });

  it('judges a transition its known record forbids again on a fresh read', async () => {
    const a = new JobManager(store, { clock });
    const b = new JobManager(store, { clock });
    const { jobId } = await a.create({ scopeId: 's' });
    await a.start(jobId);
    await a.waitForAction(jobId);
    await b.resume(jobId);
    // a still knows the job as waiting_action, from which waiting_action is no transition
    expect((await a.waitForAction(jobId)).status).toBe(JobStatus.WAITING_ACTION);
  });

  it('keeps no record of an ended job, and at most 1000 of active ones', async () => {
    const counted = countingReads(store);
    const manager = new JobManager(counted, { clock });
    const ids: string[] = [];
    for (let i = 0; i < 1001; i++) ids.push((await manager.create({ scopeId: 's' })).jobId);
    await manager.start(ids[0]!);
    expect(counted.reads).toBe(1);
    await manager.start(ids[1000]!);
    expect(counted.reads).toBe(1);
    await manager.cancel(ids[1000]!);
    await expect(manager.cancel(ids[1000]!)).rejects.toThrow(InvalidTransitionError);
    expect(counted.reads).toBe(2);
  });
});

describe('JobManager: a transition’s events', () => {
  it('are handed to the bus together and in order, so a storing bus can write them in one append', async () => {
    const calls: string[] = [];
    const pending: Array<() => void> = [];
    const bus = {
      publish: (event: RuntimeEvent) => {
        calls.push(event.type);
        return new Promise<void>((resolve) => pending.push(resolve));
      },
      subscribe: async () => ({ subscriptionId: 'none', unsubscribe: async () => {} }),
      close: async () => {},
    } as unknown as EventBus;
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const manager = new JobManager(new InMemoryJobStore({ clock }), { clock, eventBus: bus });
    const { jobId } = await manager.create({ scopeId: 's' });
    const started = manager.start(jobId);
    for (let i = 0; i < 100 && calls.length < 2; i++) await Promise.resolve();
    // both published while neither is stored yet
    expect(calls).toEqual(['job.status_changed', 'job.started']);
    for (const resolve of pending) resolve();
    expect((await started).status).toBe(JobStatus.RUNNING);
  });
});
