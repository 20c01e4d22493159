import { ManualClock, RuntimeTimeoutError } from '@agent-runtime/core';
import { RecordingBus } from '@agent-runtime/test-helpers';
import { describe, expect, it } from 'vitest';
import { InMemoryJobStore } from './in-memory-job-store';
import { type JobEventWriter, JobManager } from './job-manager';
import { JobStatus } from './job-status';
import type { JobStore } from './job-store';

const T0 = Date.UTC(2026, 0, 1);
const spec = { scopeId: 's', principalId: 'p', runId: 'run-1', traceId: 'trace-1' };
const start = { leaseSeconds: 30, data: { prompt: 'hi', provider: 'test', model: 'm' } };

/** The store, counting every call that writes. */
function countingWrites(store: InMemoryJobStore) {
  const writes: string[] = [];
  const counted = Object.create(store) as InMemoryJobStore;
  for (const name of ['create', 'update', 'renewLease', 'claimLease'] as const) {
    const original = store[name].bind(store) as (...args: unknown[]) => Promise<unknown>;
    (counted as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      writes.push(name);
      return original(...args);
    };
  }
  return { store: counted as JobStore, writes };
}

/** What subscribers see of a job's events, without the ids that differ between two jobs. */
function seen(bus: RecordingBus) {
  return bus.events.map(({ eventId: _e, jobId: _j, ...rest }) => rest);
}

describe('JobManager.createStarted', () => {
  it('publishes what create then start publish, in the same order, after one store write', async () => {
    const clock = new ManualClock(T0);
    const [viaStart, viaCreate] = [new RecordingBus(), new RecordingBus()];
    const store = new InMemoryJobStore({ clock });
    const two = new JobManager(store, { clock, eventBus: viaStart, leaseOwner: 'w' });
    await two.start((await two.create(spec)).jobId, start);
    const counting = countingWrites(new InMemoryJobStore({ clock }));
    const one = new JobManager(counting.store, { clock, eventBus: viaCreate, leaseOwner: 'w' });
    const { job, created } = await one.createStarted(spec, start);
    expect(created).toBe(true);
    expect(counting.writes).toEqual(['create']);
    expect(job).toMatchObject({ status: JobStatus.RUNNING, leaseOwner: 'w', leaseExpiresAt: T0 + 30_000 });
    expect(viaCreate.summary()).toEqual([
      ['job.status_changed', { from: 'queued', to: 'running' }],
      ['job.started', start.data],
    ]);
    expect(seen(viaCreate)).toEqual(seen(viaStart));
    expect(viaCreate.events.every((event) => event.jobId === job.jobId)).toBe(true);
  });

  it('hands the new job and its events to an eventWriter as one write, publishing nothing itself', async () => {
    const clock = new ManualClock(T0);
    const store = new InMemoryJobStore({ clock });
    const bus = new RecordingBus();
    const calls: Array<{ write: string; status: string; events: string[]; leaseMs?: number }> = [];
    const writer: JobEventWriter = {
      update: async (job, events, options) => {
        calls.push({ write: 'update', status: job.status, events: events.map((e) => e.type) });
        return store.update(job, options);
      },
      create: async (job, events, options) => {
        const { leaseMs } = options ?? {};
        calls.push({ write: 'create', status: job.status, events: events.map((e) => e.type), leaseMs });
        return store.create(job, options);
      },
    };
    const manager = new JobManager(store, { clock, eventBus: bus, eventWriter: writer, leaseOwner: 'w' });
    const { job } = await manager.createStarted(spec, start);
    expect(calls).toEqual([
      { write: 'create', status: 'running', events: ['job.status_changed', 'job.started'], leaseMs: 30_000 },
    ]);
    expect(bus.events).toEqual([]);
    // the manager knows the record it created: the next transition is one compare-and-set, no read
    await manager.complete(job.jobId);
    expect(calls.map((call) => call.write)).toEqual(['create', 'update']);
  });

  it('creates an overdue job queued and times it out, as create then start do', async () => {
    const clock = new ManualClock(T0);
    const bus = new RecordingBus();
    const store = new InMemoryJobStore({ clock });
    const manager = new JobManager(store, { clock, eventBus: bus, leaseOwner: 'w' });
    const jobId = 'overdue';
    const error = await manager.createStarted({ ...spec, jobId, deadline: T0 }, start).catch((e) => e);
    expect(RuntimeTimeoutError.isInstance(error)).toBe(true);
    expect((await store.get(jobId))?.status).toBe(JobStatus.TIMED_OUT);
    expect(bus.types()).toEqual(['job.status_changed', 'job.failed']);
  });

  it('returns a job another create took the idempotency key for meanwhile, unchanged', async () => {
    const clock = new ManualClock(T0);
    const store = new InMemoryJobStore({ clock });
    const bus = new RecordingBus();
    const manager = new JobManager(store, { clock, eventBus: bus, leaseOwner: 'w' });
    const racing = Object.create(store) as InMemoryJobStore;
    // the key is free when read, taken by the time of the write
    racing.getByIdempotencyKey = async (key) => {
      racing.getByIdempotencyKey = store.getByIdempotencyKey.bind(store);
      await new JobManager(store, { clock }).create({ ...spec, idempotencyKey: key });
      return undefined;
    };
    const raced = new JobManager(racing, { clock, eventBus: bus, leaseOwner: 'w' });
    const { job, created } = await raced.createStarted({ ...spec, idempotencyKey: 'k' }, start);
    expect(created).toBe(false);
    expect(job).toMatchObject({ status: JobStatus.QUEUED, idempotencyKey: 'k', version: 1 });
    expect(await manager.list()).toHaveLength(1);
    expect(bus.events).toEqual([]);
  });
});
