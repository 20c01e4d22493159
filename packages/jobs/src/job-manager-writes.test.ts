import { type EventBus, ManualClock, RuntimeEvent } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { InMemoryJobStore } from './in-memory-job-store';
import { JobManager } from './job-manager';
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
