import { type EventBus, ManualClock } from '@agent-runtime/core';
import { InMemoryJobStore, JobManager, JobStatus } from '@agent-runtime/jobs';
import { beforeEach, describe, expect, it } from 'vitest';
import { ActionManager } from './action-manager';
import { InMemoryActionStore } from './in-memory-action-store';
import { InMemorySignalChannel } from './in-memory-signal-channel';
import type { SignalChannel } from './signal-channel';
import { SignalDeliveryError } from './signal-delivery-error';

const T0 = Date.UTC(2026, 0, 1);

/** A channel whose waits work but whose signals never arrive (a broken connection on the resolver's side). */
function channelThatLoses(inner: SignalChannel, failure?: Error): SignalChannel {
  return {
    wait: (id, options) => inner.wait(id, options),
    signal: async () => {
      if (failure) throw failure;
    },
  };
}

describe('ActionManager backstop', () => {
  let clock: ManualClock;
  let store: InMemoryActionStore;
  let jobs: JobManager;
  let jobId: string;

  beforeEach(async () => {
    clock = new ManualClock(T0);
    store = new InMemoryActionStore();
    jobs = new JobManager(new InMemoryJobStore(), { clock });
    jobId = (await jobs.start((await jobs.create({ scopeId: 'tenant-1' })).jobId)).jobId;
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('finds an action resolved while its signal was lost, within recheckIntervalMs (ManualClock)', async () => {
    const channel = channelThatLoses(new InMemorySignalChannel({ clock }));
    const manager = new ActionManager(store, {
      jobManager: jobs,
      signalChannel: channel,
      clock,
      recheckIntervalMs: 2000,
    });
    const action = await manager.requireAction({ jobId, type: 'confirm' });
    let done = false;
    const waiting = manager.waitForResolution(action.actionId).then((r) => {
      done = true;
      return r;
    });
    await settle();
    await manager.resolve({ resumeToken: action.resumeToken!, resolution: { approved: true } });
    await clock.advance(1999);
    await settle();
    expect(done).toBe(false);
    await clock.advance(1);
    expect((await waiting).resolution).toEqual({ approved: true });
    expect((await jobs.get(jobId))?.status).toBe(JobStatus.RUNNING);
  });

  it('resolve() succeeds once the action is stored, reporting a failed signal as SignalDeliveryError', async () => {
    const reported: unknown[] = [];
    const lost = new Error('Connection is closed.');
    const manager = new ActionManager(store, {
      jobManager: jobs,
      signalChannel: channelThatLoses(new InMemorySignalChannel({ clock }), lost),
      clock,
      onSignalError: (error) => reported.push(error),
    });
    const action = await manager.requireAction({ jobId, type: 'confirm' });
    const resolved = await manager.resolve({ resumeToken: action.resumeToken! });
    expect(resolved.status).toBe('resolved');
    expect((await store.get(action.actionId))?.status).toBe('resolved');
    expect(reported).toHaveLength(1);
    expect(SignalDeliveryError.isInstance(reported[0])).toBe(true);
    expect(reported[0]).toMatchObject({
      actionId: action.actionId,
      code: 'SIGNAL_DELIVERY_FAILED',
      cause: lost,
    });
  });

  it('signals the waiters even when publishing the event fails after the action was stored', async () => {
    const broken = new Error('bus down');
    const eventBus = {
      publish: async (event: { type: string }) => {
        if (event.type === 'action.resolved') throw broken;
      },
    } as unknown as EventBus;
    const manager = new ActionManager(store, {
      jobManager: jobs,
      eventBus,
      signalChannel: new InMemorySignalChannel({ clock }),
      clock,
    });
    const action = await manager.requireAction({ jobId, type: 'confirm' });
    const waiting = manager.waitForResolution(action.actionId);
    await settle();
    await expect(manager.resolve({ resumeToken: action.resumeToken! })).rejects.toBe(broken);
    // woken by the signal, no clock advance needed; the waiter resumed the job itself
    expect((await waiting).status).toBe('resolved');
    expect((await jobs.get(jobId))?.status).toBe(JobStatus.RUNNING);
  });

  it('falls back to re-reading the store when the channel itself fails to wait', async () => {
    const broken: SignalChannel = {
      wait: async () => {
        throw new Error('Connection is closed.');
      },
      signal: async () => {},
    };
    const manager = new ActionManager(store, { signalChannel: broken, clock, recheckIntervalMs: 1000 });
    const action = await manager.requireAction({ jobId, type: 'confirm' });
    const waiting = manager.waitForResolution(action.actionId);
    await settle();
    await manager.resolve({ resumeToken: action.resumeToken! });
    await clock.advance(1000);
    expect((await waiting).status).toBe('resolved');
  });

  it('validates recheckIntervalMs and onSignalError', () => {
    expect(() => new ActionManager(store, { recheckIntervalMs: 0 })).toThrow(/options\.recheckIntervalMs/);
    expect(() => new ActionManager(store, { recheckIntervalMs: 2 ** 31 })).toThrow(
      /options\.recheckIntervalMs/,
    );
    expect(() => new ActionManager(store, { onSignalError: 'log' as never })).toThrow(
      /options\.onSignalError/,
    );
  });
});
