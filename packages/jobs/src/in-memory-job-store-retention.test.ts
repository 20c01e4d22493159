import { ManualClock, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { InMemoryJobStore } from './in-memory-job-store';
import { JobRecord } from './job-record';
import { JobStatus } from './job-status';

const T0 = Date.UTC(2026, 0, 1);

function job(jobId: string, status: JobStatus, idempotencyKey?: string): JobRecord {
  return new JobRecord({ jobId, scopeId: 'tenant-a', status, createdAt: T0, idempotencyKey });
}

/** Stores `job` and moves it to `status` through update, the way a JobManager would. */
async function finish(store: InMemoryJobStore, jobId: string, status: JobStatus): Promise<void> {
  const current = (await store.get(jobId))!;
  await store.update(current.transitionTo(status, { now: T0 + 1 }));
}

describe('InMemoryJobStore retention', () => {
  it('drops the job that finished first beyond retention.finishedJobs', async () => {
    const store = new InMemoryJobStore({ retention: { finishedJobs: 2 } });
    for (const id of ['a', 'b', 'c']) await store.create(job(id, JobStatus.RUNNING));
    await finish(store, 'b', JobStatus.SUCCEEDED);
    await finish(store, 'a', JobStatus.FAILED);
    await finish(store, 'c', JobStatus.CANCELLED);
    expect(await store.get('b')).toBeUndefined();
    expect((await store.list()).map((j) => j.jobId).sort()).toEqual(['a', 'c']);
    expect(await store.count()).toBe(2);
  });

  it('never drops a job that has not finished, however many finish after it', async () => {
    const store = new InMemoryJobStore({ retention: { finishedJobs: 1 } });
    await store.create(job('running', JobStatus.RUNNING));
    await store.create(job('waiting', JobStatus.WAITING_ACTION));
    await store.create(job('queued', JobStatus.QUEUED));
    for (let i = 0; i < 50; i++) await store.create(job(`done-${i}`, JobStatus.SUCCEEDED));
    for (const id of ['running', 'waiting', 'queued']) expect((await store.get(id))?.jobId).toBe(id);
    expect(await store.count()).toBe(4);
  });

  it('drops finished jobs retention.maxAgeSeconds after they finished, and keeps younger ones', async () => {
    const clock = new ManualClock(T0);
    const store = new InMemoryJobStore({ clock, retention: { maxAgeSeconds: 60 } });
    await store.create(job('old', JobStatus.SUCCEEDED));
    await store.create(job('running', JobStatus.RUNNING));
    void clock.advance(30_000);
    await store.create(job('young', JobStatus.SUCCEEDED));
    void clock.advance(30_000);
    expect(await store.get('old')).toBeUndefined();
    expect((await store.get('young'))?.jobId).toBe('young');
    void clock.advance(3_600_000);
    expect(await store.get('young')).toBeUndefined();
    expect((await store.get('running'))?.jobId).toBe('running');
  });

  it('frees a dropped job’s idempotency key', async () => {
    const store = new InMemoryJobStore({ retention: { finishedJobs: 0 } });
    await store.create(job('first', JobStatus.SUCCEEDED, 'key-1'));
    expect(await store.getByIdempotencyKey('key-1', 'tenant-a')).toBeUndefined();
    await store.create(job('second', JobStatus.RUNNING, 'key-1'));
    expect((await store.getByIdempotencyKey('key-1', 'tenant-a'))?.jobId).toBe('second');
  });

  it('keeps 1000 finished jobs by default', async () => {
    const store = new InMemoryJobStore();
    for (let i = 0; i < 1001; i++) await store.create(job(`j${i}`, JobStatus.SUCCEEDED));
    expect(await store.count()).toBe(1000);
    expect(await store.get('j0')).toBeUndefined();
    expect((await store.get('j1'))?.jobId).toBe('j1');
  });

  it('rejects a bad retention naming the field', () => {
    for (const retention of [{ finishedJobs: -1 }, { finishedJobs: 1.5 }, { maxAgeSeconds: 0 }, { other: 1 }])
      expect(() => new InMemoryJobStore({ retention } as never)).toThrow(ValidationError);
    expect(() => new InMemoryJobStore({ retention: { finishedJobs: -1 } })).toThrow(
      'options.retention.finishedJobs',
    );
  });
});
