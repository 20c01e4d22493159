import {
  ConcurrentModificationError,
  InvalidTransitionError,
  LeaseLostError,
  ManualClock,
  NotFoundError,
  RuntimeTimeoutError,
  ValidationError,
} from '@agent-runtime/core';
import { RecordingBus } from '@agent-runtime/test-helpers';
import { beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyConflictError } from './idempotency-conflict-error';
import { InMemoryJobStore } from './in-memory-job-store';
import { JobManager } from './job-manager';
import type { JobRecord } from './job-record';
import { JobStatus } from './job-status';

const T0 = Date.UTC(2026, 0, 1);
const spec = {
  scopeId: 'tenant-123',
  principalId: 'user-456',
  sessionId: 's-1',
  runId: 'run-1',
  traceId: 'trace-1',
};

describe('JobManager', () => {
  let store: InMemoryJobStore;
  let bus: RecordingBus;
  let clock: ManualClock;
  let manager: JobManager;

  beforeEach(() => {
    store = new InMemoryJobStore();
    bus = new RecordingBus();
    clock = new ManualClock(T0);
    manager = new JobManager(store, { eventBus: bus, clock });
  });

  it('runs a job through its lifecycle, publishing each step with the job identity', async () => {
    const job = await manager.create(spec);
    expect(job.status).toBe(JobStatus.QUEUED);
    await clock.advance(10);
    expect((await manager.start(job.jobId)).startedAt).toBe(T0 + 10);
    await manager.updateProgress(job.jobId, 0.5, { turn: 3 });
    await manager.waitForAction(job.jobId);
    await manager.resume(job.jobId);
    const done = await manager.complete(job.jobId, { resultRef: 'result-123' });
    expect(done).toMatchObject({
      status: 'succeeded',
      progress: 1,
      turn: 3,
      resultRef: 'result-123',
      version: 6,
    });
    expect(done.finishedAt).toBe(T0 + 10);
    expect(bus.summary()).toEqual([
      ['job.status_changed', { from: 'queued', to: 'running' }],
      ['job.started', {}],
      ['progress', { progress: 0.5, turn: 3 }],
      ['job.status_changed', { from: 'running', to: 'waiting_action' }],
      ['job.status_changed', { from: 'waiting_action', to: 'running' }],
      ['job.status_changed', { from: 'running', to: 'succeeded' }],
      ['job.completed', { resultRef: 'result-123' }],
    ]);
    for (const event of bus.events) {
      expect(event).toMatchObject({ jobId: job.jobId, ...spec, timestamp: T0 + 10 });
    }
  });

  it('fails a job with its error code', async () => {
    const job = await manager.start((await manager.create(spec)).jobId);
    const failed = await manager.fail(job.jobId, 'Error message', { errorCode: 'E001' });
    expect(failed).toMatchObject({ status: 'failed', error: { message: 'Error message', code: 'E001' } });
    expect(bus.summary().slice(-2)).toEqual([
      ['job.status_changed', { from: 'running', to: 'failed' }],
      ['job.failed', { error: { name: 'JobFailed', code: 'E001', message: 'Error message' } }],
    ]);
  });

  it('fails without a code as JOB_FAILED', async () => {
    const job = await manager.create(spec);
    await manager.fail(job.jobId, 'bad input');
    expect(bus.events.at(-1)?.data).toEqual({
      error: { name: 'JobFailed', code: 'JOB_FAILED', message: 'bad input' },
    });
  });

  it.each([JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.WAITING_ACTION])(
    'cancels from %s',
    async (status) => {
      const job = await manager.create(spec);
      if (status !== JobStatus.QUEUED) await manager.start(job.jobId);
      if (status === JobStatus.WAITING_ACTION) await manager.waitForAction(job.jobId);
      const cancelled = await manager.cancel(job.jobId, { reason: 'User cancelled' });
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        error: { message: 'User cancelled', code: 'CANCELLED' },
      });
      expect(bus.summary().slice(-2)).toEqual([
        ['job.status_changed', { from: status, to: 'cancelled' }],
        ['job.cancelled', { reason: 'User cancelled' }],
      ]);
    },
  );

  it('refuses transitions the state machine forbids and changes nothing', async () => {
    const job = await manager.create(spec);
    await expect(manager.complete(job.jobId)).rejects.toThrow(InvalidTransitionError);
    await expect(manager.resume(job.jobId)).rejects.toThrow(InvalidTransitionError);
    await expect(manager.waitForAction(job.jobId)).rejects.toThrow(InvalidTransitionError);
    await manager.start(job.jobId);
    await manager.waitForAction(job.jobId);
    await expect(manager.start(job.jobId)).rejects.toThrow(InvalidTransitionError);
    await manager.cancel(job.jobId);
    await expect(manager.cancel(job.jobId)).rejects.toThrow(InvalidTransitionError);
    await expect(manager.updateProgress(job.jobId, 0.2)).rejects.toThrow(InvalidTransitionError);
    await expect(manager.saveCheckpoint(job.jobId, {})).rejects.toThrow(InvalidTransitionError);
    const stored = await manager.get(job.jobId);
    expect(stored?.status).toBe(JobStatus.CANCELLED);
    expect(stored?.version).toBe(4);
  });

  it('carries the prompt, provider and model given to start in job.started', async () => {
    const job = await manager.create(spec);
    const data = { prompt: 'Write a haiku', provider: 'openai', model: 'gpt-5-nano' };
    await manager.start(job.jobId, { data });
    expect(bus.events.find((e) => e.type === 'job.started')).toMatchObject({ jobId: job.jobId, data });
  });

  it('leaves out of job.started what start was not given', async () => {
    const job = await manager.create(spec);
    await manager.start(job.jobId, { data: { model: 'gpt-5-nano', prompt: undefined } });
    expect(bus.events.find((e) => e.type === 'job.started')?.data).toEqual({ model: 'gpt-5-nano' });
  });

  it.each([
    [{ data: { model: null } }, 'options.data.model'],
    [{ data: { provider: 1 } }, 'options.data.provider'],
    [{ data: { prompt: 'p', temperature: 1 } }, 'options.data'],
    [{ data: 'p' }, 'options.data'],
    [{ prompt: 'p' }, 'options'],
  ])(
    'rejects start options %j with ValidationError naming %s and changes nothing',
    async (options, field) => {
      const job = await manager.create(spec);
      await expect(manager.start(job.jobId, options as never)).rejects.toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR', field }),
      );
      expect(await manager.get(job.jobId)).toMatchObject({ status: 'queued', version: job.version });
      expect(bus.events).toEqual([]);
    },
  );

  it('throws NotFoundError for an unknown job', async () => {
    await expect(manager.start('missing')).rejects.toThrow(NotFoundError);
    await expect(manager.updateProgress('missing', 0.1)).rejects.toThrow(NotFoundError);
    expect(bus.events).toEqual([]);
  });

  it('rejects bad progress with ValidationError and writes nothing', async () => {
    const job = await manager.start((await manager.create(spec)).jobId);
    await expect(manager.updateProgress(job.jobId, 1.5)).rejects.toThrow(ValidationError);
    expect((await manager.get(job.jobId))?.version).toBe(job.version);
  });

  it('stores checkpoints', async () => {
    const job = await manager.start((await manager.create(spec)).jobId);
    const saved = await manager.saveCheckpoint(job.jobId, {
      messages: [{ role: 'user', content: 'hi' }],
      turn: 1,
    });
    expect((await manager.get(job.jobId))?.checkpoint).toEqual(saved.checkpoint);
  });

  describe('idempotency', () => {
    it('returns the existing job for the same (scopeId, idempotencyKey)', async () => {
      const first = await manager.create({ ...spec, idempotencyKey: 'unique-key' });
      const again = await manager.create({
        ...spec,
        idempotencyKey: 'unique-key',
        metadata: { other: true },
      });
      expect(again.jobId).toBe(first.jobId);
      const otherScope = await manager.create({ ...spec, scopeId: 'tenant-9', idempotencyKey: 'unique-key' });
      expect(otherScope.jobId).not.toBe(first.jobId);
      expect((await manager.getByIdempotencyKey('unique-key', { scopeId: 'tenant-123' }))?.jobId).toBe(
        first.jobId,
      );
    });

    it('creates exactly one job for 100 concurrent creates with the same key', async () => {
      const jobs = await Promise.all(
        Array.from({ length: 100 }, () => manager.create({ ...spec, idempotencyKey: 'burst' })),
      );
      expect(new Set(jobs.map((j) => j.jobId)).size).toBe(1);
      expect(await store.count()).toBe(1);
    });

    it('still refuses a duplicate jobId without an idempotency key', async () => {
      await manager.create({ ...spec, jobId: 'fixed' });
      await expect(manager.create({ ...spec, jobId: 'fixed' })).rejects.toThrow(IdempotencyConflictError);
    });
  });

  describe('deadlines', () => {
    it('times out a job that is started past its deadline', async () => {
      const job = await manager.create({ ...spec, timeoutSeconds: 5 });
      await clock.advance(5000);
      await expect(manager.start(job.jobId)).rejects.toThrow(RuntimeTimeoutError);
      const stored = await manager.get(job.jobId);
      expect(stored).toMatchObject({
        status: 'timed_out',
        error: { code: 'TIMEOUT' },
        finishedAt: T0 + 5000,
      });
      expect(bus.summary()).toEqual([
        ['job.status_changed', { from: 'queued', to: 'timed_out' }],
        [
          'job.failed',
          { error: { name: 'RuntimeTimeoutError', code: 'TIMEOUT', message: 'job deadline exceeded' } },
        ],
      ]);
    });

    it.each([
      ['updateProgress', (m: JobManager, id: string) => m.updateProgress(id, 0.5)],
      ['waitForAction', (m: JobManager, id: string) => m.waitForAction(id)],
      ['saveCheckpoint', (m: JobManager, id: string) => m.saveCheckpoint(id, { turn: 1 })],
    ])('times out a running job on %s past its deadline', async (_name, operation) => {
      const job = await manager.start((await manager.create({ ...spec, timeoutSeconds: 1 })).jobId);
      await clock.advance(1000);
      await expect(operation(manager, job.jobId)).rejects.toThrow(RuntimeTimeoutError);
      expect((await manager.get(job.jobId))?.status).toBe(JobStatus.TIMED_OUT);
    });

    it('lets a job finish on time', async () => {
      const job = await manager.start((await manager.create({ ...spec, timeoutSeconds: 1 })).jobId);
      await clock.advance(999);
      expect((await manager.complete(job.jobId)).status).toBe(JobStatus.SUCCEEDED);
      expect(await manager.expireOverdue()).toEqual([]);
    });

    it('expireOverdue times out every overdue active job across pages', async () => {
      const jobs: JobRecord[] = [];
      for (let i = 0; i < 205; i++) jobs.push(await manager.create({ ...spec, deadline: T0 + 100 }));
      const fresh = await manager.create({ ...spec, deadline: T0 + 10_000 });
      await clock.advance(100);
      const expired = await manager.expireOverdue();
      expect(expired).toHaveLength(205);
      expect(await store.count({ status: JobStatus.TIMED_OUT })).toBe(205);
      expect((await manager.get(fresh.jobId))?.status).toBe(JobStatus.QUEUED);
    });

    it('timeOut takes a reason', async () => {
      const job = await manager.create(spec);
      const timedOut = await manager.timeOut(job.jobId, { reason: 'maxRuntimeSeconds exceeded' });
      expect(timedOut.error).toEqual({ message: 'maxRuntimeSeconds exceeded', code: 'TIMEOUT' });
    });
  });

  describe('optimistic concurrency', () => {
    it('re-reads and retries when another writer got there first', async () => {
      const job = await manager.start((await manager.create(spec)).jobId);
      let interfere = true;
      const racing = Object.create(store) as InMemoryJobStore;
      racing.update = async (next) => {
        if (interfere) {
          interfere = false;
          const current = (await store.get(next.jobId))!;
          await store.update(current.withProgress(0.3, { turn: 7 }));
        }
        return store.update(next);
      };
      const raced = new JobManager(racing, { clock });
      const updated = await raced.updateProgress(job.jobId, 0.6);
      expect(updated).toMatchObject({ progress: 0.6, turn: 7, version: 4 });
    });

    it('re-checks the transition after a concurrent write', async () => {
      const job = await manager.start((await manager.create(spec)).jobId);
      let interfere = true;
      const racing = Object.create(store) as InMemoryJobStore;
      racing.update = async (next) => {
        if (interfere) {
          interfere = false;
          await store.update((await store.get(next.jobId))!.transitionTo(JobStatus.CANCELLED));
        }
        return store.update(next);
      };
      await expect(new JobManager(racing, { clock }).complete(job.jobId)).rejects.toThrow(
        InvalidTransitionError,
      );
      expect((await store.get(job.jobId))?.status).toBe(JobStatus.CANCELLED);
    });

    it('gives up with ConcurrentModificationError after maxAttempts', async () => {
      const job = await manager.create(spec);
      const hostile = Object.create(store) as InMemoryJobStore;
      let attempts = 0;
      hostile.update = async (next) => {
        attempts++;
        throw new ConcurrentModificationError({
          resource: 'job',
          id: next.jobId,
          expectedVersion: 1,
          actualVersion: 2,
        });
      };
      await expect(new JobManager(hostile, { maxAttempts: 3 }).start(job.jobId)).rejects.toThrow(
        ConcurrentModificationError,
      );
      expect(attempts).toBe(3);
    });
  });

  it('lists through the store', async () => {
    const a = await manager.create(spec);
    await manager.start((await manager.create(spec)).jobId);
    const queued = await manager.list({ scopeId: 'tenant-123', status: JobStatus.QUEUED });
    expect(queued.map((j) => j.jobId)).toEqual([a.jobId]);
  });

  it('validates its options', () => {
    expect(() => new JobManager(store, { maxAttempts: 0 })).toThrow(/options\.maxAttempts/);
    expect(() => new JobManager({} as never)).toThrow(/store/);
  });

  it('publishes nothing without a bus', async () => {
    const quiet = new JobManager(store, { clock });
    await quiet.start((await quiet.create(spec)).jobId);
    expect(bus.events).toEqual([]);
  });

  describe('leases', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let store: InMemoryJobStore;
    const owner = (leaseOwner: string) => new JobManager(store, { clock, leaseOwner });

    beforeEach(() => {
      store = new InMemoryJobStore({ clock });
    });

    it('start takes the lease for the manager’s owner; leaving running releases it', async () => {
      const a = owner('worker-a');
      const { jobId } = await a.create({ scopeId: 's' });
      const started = await a.start(jobId, { leaseSeconds: 30, checkpoint: { prompt: 'p' } });
      expect(started).toMatchObject({ leaseOwner: 'worker-a', leaseExpiresAt: clock.now() + 30_000 });
      expect(started.checkpoint).toEqual({ prompt: 'p' });
      const waiting = await a.waitForAction(jobId);
      expect(waiting.leaseOwner).toBeUndefined();
      expect(waiting.leaseExpiresAt).toBeUndefined();
    });

    it('fences every write to a running job on its lease: another owner’s write is LeaseLostError and changes nothing', async () => {
      const a = owner('worker-a');
      const { jobId } = await a.create({ scopeId: 's' });
      await a.start(jobId, { leaseSeconds: 30 });
      await clock.advance(31_000);
      const b = owner('worker-b');
      const taken = await b.claimLease(jobId, { leaseSeconds: 30 });
      expect(taken).toMatchObject({ leaseOwner: 'worker-b', recoveries: 1 });
      for (const write of [
        () => a.saveCheckpoint(jobId, { step: 2 }),
        () => a.updateProgress(jobId, 0.5),
        () => a.complete(jobId),
        () => a.waitForAction(jobId),
      ]) {
        expect(LeaseLostError.isInstance(await write().catch((e) => e))).toBe(true);
      }
      expect(await a.renewLease(jobId, { leaseSeconds: 30 })).toBeUndefined();
      expect((await store.get(jobId))?.toJSON()).toEqual(taken?.toJSON());
      expect((await b.complete(jobId)).status).toBe(JobStatus.SUCCEEDED);
    });

    it('a manager without an owner is not fenced, and cannot take leases', async () => {
      const a = owner('worker-a');
      const { jobId } = await a.create({ scopeId: 's' });
      await a.start(jobId, { leaseSeconds: 30 });
      const bare = new JobManager(store, { clock });
      expect((await bare.cancel(jobId)).status).toBe(JobStatus.CANCELLED);
      const error = await bare.claimLease(jobId, { leaseSeconds: 30 }).catch((e) => e);
      expect(ValidationError.isInstance(error) && error.field).toBe('options.leaseOwner');
    });

    it('lists running jobs whose lease lapsed', async () => {
      const a = owner('worker-a');
      const { jobId } = await a.create({ scopeId: 's' });
      await a.start(jobId, { leaseSeconds: 30 });
      expect(await a.listClaimable()).toEqual([]);
      await clock.advance(30_000);
      expect((await a.listClaimable()).map((job) => job.jobId)).toEqual([jobId]);
    });
  });
});
