import { type EventBus, ManualClock, RuntimeEvent } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { InMemoryJobStore } from './in-memory-job-store';
import { type JobEventWriter, JobManager } from './job-manager';
import { JobStatus } from './job-status';
import type { JobStore } from './job-store';

const T0 = Date.UTC(2026, 0, 1);

/** The store, counting every call that writes. */
function countingWrites(store: InMemoryJobStore) {
  const counted = Object.create(store) as InMemoryJobStore & { writes: string[] };
  counted.writes = [];
  for (const name of ['update', 'renewLease', 'claimLease'] as const) {
    const original = store[name].bind(store) as (...args: unknown[]) => Promise<unknown>;
    (counted as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      counted.writes.push(name);
      return original(...args);
    };
  }
  return counted as JobStore & { writes: string[] };
}

/** A bus that records what it is handed and stores nothing until `release()`. */
function holdingBus() {
  const published: RuntimeEvent[] = [];
  const pending: Array<() => void> = [];
  const bus = {
    publish: (event: RuntimeEvent) => {
      published.push(event);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
    subscribe: async () => ({ subscriptionId: 'none', unsubscribe: async () => {} }),
    close: async () => {},
  } as unknown as EventBus;
  const settle = async (count: number) => {
    for (let i = 0; i < 100 && published.length < count; i++) await Promise.resolve();
  };
  const release = () => {
    for (const resolve of pending.splice(0)) resolve();
  };
  return { bus, published, settle, release };
}

describe('JobManager: one store write per call', () => {
  it('starts a leased job in one write, the lease expiring by the store clock, not the manager’s', async () => {
    const storeClock = new ManualClock(T0);
    const skewed = new ManualClock(T0 - 3_600_000);
    const store = countingWrites(new InMemoryJobStore({ clock: storeClock }));
    const manager = new JobManager(store, { clock: skewed, leaseOwner: 'worker-a' });
    const { jobId } = await manager.create({ scopeId: 's' });
    const started = await manager.start(jobId, { leaseSeconds: 30 });
    expect(store.writes).toEqual(['update']);
    expect(started).toMatchObject({ status: JobStatus.RUNNING, leaseOwner: 'worker-a' });
    expect(started.leaseExpiresAt).toBe(T0 + 30_000);
    expect((await store.get(jobId))?.toJSON()).toEqual(started.toJSON());
  });

  it('stores a checkpoint with its progress in one write, then hands progress and the accompanying events to the bus together, in order', async () => {
    const clock = new ManualClock(T0);
    const store = countingWrites(new InMemoryJobStore({ clock }));
    const { bus, published, settle, release } = holdingBus();
    const manager = new JobManager(store, { clock, eventBus: bus });
    const { jobId } = await manager.create({ scopeId: 's' });
    const started = manager.start(jobId);
    await settle(2);
    release();
    await started;
    store.writes.length = 0;
    published.length = 0;
    const done = new RuntimeEvent({
      type: 'model.done',
      jobId,
      scopeId: 's',
      timestamp: T0,
      data: doneData(),
    });
    const saving = manager.saveCheckpoint(jobId, { step: 1 }, { progress: 0.5, turn: 1, events: [done] });
    await settle(2);
    // both handed over while neither is stored yet: a storing bus writes them in one append
    expect(published.map((event) => event.type)).toEqual(['progress', 'model.done']);
    expect(published[0]?.data).toEqual({ progress: 0.5, turn: 1 });
    release();
    const saved = await saving;
    expect(store.writes).toEqual(['update']);
    expect(saved).toMatchObject({ checkpoint: { step: 1 }, progress: 0.5, turn: 1 });
    expect((await store.get(jobId))?.toJSON()).toEqual(saved.toJSON());
  });
});

describe('JobManager with an eventWriter', () => {
  /** A writer over the store that keeps what it was asked to store; no real log. */
  function recordingWriter(store: JobStore) {
    const calls: Array<{ status: string; events: string[] }> = [];
    const writer: JobEventWriter = {
      update: async (job, events, options) => {
        calls.push({
          status: job.status,
          events: events.map((event) => `${event.type}:${JSON.stringify(event.data)}`),
        });
        return store.update(job, options);
      },
      create: (job, _events, options) => store.create(job, options),
    };
    return { writer, calls };
  }

  /** A running job, its manager writing through a recording writer. */
  async function startedWithWriter() {
    const clock = new ManualClock(T0);
    const store = new InMemoryJobStore({ clock });
    const { writer, calls } = recordingWriter(store);
    const { bus } = holdingBus();
    const manager = new JobManager(store, { clock, eventBus: bus, eventWriter: writer });
    const { jobId } = await manager.create({ scopeId: 's' });
    await manager.start(jobId);
    return { store, calls, manager, jobId };
  }

  it('stores each write that publishes through the writer with its events; a refused one again with the fresh record’s', async () => {
    const clock = new ManualClock(T0);
    const store = new InMemoryJobStore({ clock });
    const { writer, calls } = recordingWriter(store);
    const { bus, published } = holdingBus();
    const a = new JobManager(store, { clock, eventBus: bus, eventWriter: writer });
    const b = new JobManager(store, { clock });
    const { jobId } = await a.create({ scopeId: 's' });
    await a.start(jobId);
    await b.waitForAction(jobId); // a's known record is stale now
    const cancelled = await a.cancel(jobId, { reason: 'stop' });
    expect(cancelled.status).toBe(JobStatus.CANCELLED);
    expect(calls.map((call) => call.status)).toEqual(['running', 'cancelled', 'cancelled']);
    expect(calls[1]?.events[0]).toBe('job.status_changed:{"from":"running","to":"cancelled"}');
    // the retry's events say where the job really came from
    expect(calls[2]?.events).toEqual([
      'job.status_changed:{"from":"waiting_action","to":"cancelled"}',
      'job.cancelled:{"reason":"stop"}',
    ]);
    // publishing is the writer's: nothing went to the bus directly
    expect(published).toEqual([]);
  });

  it('stores a completion with its accompanying events in one write, after `job.completed`', async () => {
    const { calls, manager, jobId } = await startedWithWriter();
    const final = new RuntimeEvent({
      type: 'final.result',
      jobId,
      scopeId: 's',
      timestamp: T0,
      data: {
        content: 'done',
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2, totalCost: '0' },
        turns: 1,
      },
    });
    const completed = await manager.complete(jobId, { resultRef: 'r-1', events: [final] });
    expect(completed).toMatchObject({ status: JobStatus.SUCCEEDED, resultRef: 'r-1' });
    expect(calls.map((call) => call.events.map((event) => event.split(':')[0]))).toEqual([
      ['job.status_changed', 'job.started'],
      ['job.status_changed', 'job.completed', 'final.result'],
    ]);
  });

  it('refuses completion options that are not events, naming the field, and leaves the job running', async () => {
    const store = new InMemoryJobStore();
    const manager = new JobManager(store);
    const { jobId } = await manager.create({ scopeId: 's' });
    await manager.start(jobId);
    const bad = { events: [{ type: 'final.result' }] } as never;
    await expect(manager.complete(jobId, bad)).rejects.toMatchObject({
      name: 'ValidationError',
      field: expect.stringContaining('options.events'),
    });
    expect((await store.get(jobId))?.status).toBe(JobStatus.RUNNING);
  });

  it('writes a checkpoint with no events to the store alone', async () => {
    const { store, calls, manager, jobId } = await startedWithWriter();
    await manager.saveCheckpoint(jobId, { step: 1 });
    expect(calls).toHaveLength(1);
    expect((await store.get(jobId))?.checkpoint).toEqual({ step: 1 });
  });
});

function doneData() {
  return {
    step: 1,
    provider: 'p',
    model: 'm',
    text: '',
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    cost: '0',
    durationMs: 1,
  };
}
