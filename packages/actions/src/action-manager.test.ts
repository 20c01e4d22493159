import {
  ActionCancelledError,
  ActionExpiredError,
  CancelledError,
  InvalidTransitionError,
  ManualClock,
  NotFoundError,
  RuntimeTimeoutError,
  ValidationError,
} from '@agent-runtime/core';
import { InMemoryJobStore, JobManager, JobStatus } from '@agent-runtime/jobs';
import { RecordingBus } from '@agent-runtime/test-helpers';
import { beforeEach, describe, expect, it } from 'vitest';
import { ActionManager } from './action-manager';
import type { ActionRecord } from './action-record';
import { ActionStatus } from './action-status';
import { InMemoryActionStore } from './in-memory-action-store';
import { InMemorySignalChannel } from './in-memory-signal-channel';
import { InvalidResumeTokenError } from './invalid-resume-token-error';
import { ResumeTokenUsedError } from './resume-token-used-error';
import type { SignalChannel } from './signal-channel';

const T0 = Date.UTC(2026, 0, 1);

describe('ActionManager', () => {
  let clock: ManualClock;
  let bus: RecordingBus;
  let store: InMemoryActionStore;
  let jobs: JobManager;
  let channel: InMemorySignalChannel;
  let manager: ActionManager;
  let jobId: string;

  beforeEach(async () => {
    clock = new ManualClock(T0);
    bus = new RecordingBus();
    store = new InMemoryActionStore();
    jobs = new JobManager(new InMemoryJobStore(), { clock });
    channel = new InMemorySignalChannel({ clock });
    manager = new ActionManager(store, { eventBus: bus, jobManager: jobs, signalChannel: channel, clock });
    const job = await jobs.create({
      scopeId: 'tenant-1',
      principalId: 'user-1',
      sessionId: 's-1',
      traceId: 't-1',
    });
    jobId = (await jobs.start(job.jobId)).jobId;
  });

  const require = (timeoutSeconds?: number) =>
    manager.requireAction({ jobId, type: 'confirm', payload: { message: 'Proceed?' }, timeoutSeconds });
  /** Lets the code under test run until it sleeps on the manual clock. */
  const untilSleeping = async () => {
    while (clock.pendingSleeps === 0) await new Promise((resolve) => setImmediate(resolve));
  };
  const jobStatus = async () => (await jobs.get(jobId))?.status;
  const outcome = <T>(promise: Promise<T>) =>
    promise.then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );

  it('refuses a clock without sleep (its waits and sweeper call it) before anything runs', () => {
    const clock = { now: () => T0 } as never;
    expect(() => new ActionManager(store, { clock })).toThrow(/options\.clock: must have now, sleep/);
  });

  describe('requireAction', () => {
    it('creates a pending action, returns its token once, stores only the hash and parks the job', async () => {
      const action = await require(300);
      expect(action).toMatchObject({
        jobId,
        type: 'confirm',
        status: 'pending',
        scopeId: 'tenant-1',
        expiresAt: T0 + 300_000,
      });
      expect(action.resumeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = await store.get(action.actionId);
      expect(stored?.resumeToken).toBeUndefined();
      expect(JSON.stringify(stored)).not.toContain(action.resumeToken);
      expect(await jobStatus()).toBe(JobStatus.WAITING_ACTION);
      const [event] = bus.events;
      expect(event).toMatchObject({
        type: 'action.required',
        jobId,
        scopeId: 'tenant-1',
        principalId: 'user-1',
        sessionId: 's-1',
        traceId: 't-1',
        data: {
          actionId: action.actionId,
          actionType: 'confirm',
          payload: { message: 'Proceed?' },
          expiresAt: T0 + 300_000,
          resumeToken: action.resumeToken,
        },
      });
    });

    it('names the tool call that asked for the action, when its metadata does', async () => {
      const plain = await require();
      const fromTool = await manager.requireAction({
        jobId,
        type: 'approval',
        metadata: { toolCallId: 'call-7' },
      });
      const required = bus.events.filter((e) => e.type === 'action.required');
      expect(required.find((e) => e.data.actionId === plain.actionId)?.data).not.toHaveProperty('toolCallId');
      expect(required.find((e) => e.data.actionId === fromTool.actionId)?.data).toMatchObject({
        toolCallId: 'call-7',
      });
    });

    it('allows a second action while the job already waits', async () => {
      await require();
      await require();
      expect(await manager.listPending({ jobId })).toHaveLength(2);
      expect(await jobStatus()).toBe(JobStatus.WAITING_ACTION);
    });

    it('refuses a job that is not running or waiting, writing nothing', async () => {
      const queued = await jobs.create({ scopeId: 'tenant-1' });
      await expect(manager.requireAction({ jobId: queued.jobId, type: 'confirm' })).rejects.toThrow(
        InvalidTransitionError,
      );
      await expect(manager.requireAction({ jobId: 'missing', type: 'confirm' })).rejects.toThrow(
        NotFoundError,
      );
      expect(await store.list()).toEqual([]);
      expect(bus.events).toEqual([]);
    });

    it('cancels the new action when the job cannot wait after all', async () => {
      const racing = Object.create(jobs) as JobManager;
      racing.waitForAction = async (id: string) => {
        await jobs.cancel(id, { reason: 'user gave up' });
        return jobs.waitForAction(id);
      };
      const raced = new ActionManager(store, { jobManager: racing, clock });
      await expect(raced.requireAction({ jobId, type: 'confirm' })).rejects.toThrow(InvalidTransitionError);
      const [action] = await store.list();
      expect(action?.status).toBe(ActionStatus.CANCELLED);
    });

    it('rejects a bad spec with ValidationError and writes nothing', async () => {
      const error = await manager
        .requireAction({ jobId, type: 'confirm', timeoutSeconds: -5 })
        .catch((e) => e);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect(error.field).toBe('spec.timeoutSeconds');
      expect(await store.list()).toEqual([]);
      expect(await jobStatus()).toBe(JobStatus.RUNNING);
    });

    it('works without a job manager', async () => {
      const plain = new ActionManager(new InMemoryActionStore());
      const action = await plain.requireAction({ jobId: 'any', type: 'input', scopeId: 'tenant-2' });
      expect(action.scopeId).toBe('tenant-2');
      const resolved = await plain.resolve({ resumeToken: action.resumeToken!, resolution: { text: 'hi' } });
      expect(resolved.resolution).toEqual({ text: 'hi' });
    });
  });

  describe('resolve', () => {
    it('resolves by token, publishes, and resumes the job', async () => {
      const action = await require(300);
      const resolved = await manager.resolve({
        resumeToken: action.resumeToken!,
        resolution: { approved: true },
      });
      expect(resolved).toMatchObject({
        status: 'resolved',
        resolution: { approved: true },
        resolvedAt: T0,
        version: 2,
      });
      expect(await jobStatus()).toBe(JobStatus.RUNNING);
      expect(bus.events.at(-1)).toMatchObject({
        type: 'action.resolved',
        jobId,
        data: { actionId: action.actionId, actionType: 'confirm', resolution: { approved: true } },
      });
      expect(JSON.stringify(bus.events.at(-1))).not.toContain(action.resumeToken);
    });

    it('keeps the job waiting while it has another pending action', async () => {
      const first = await require();
      const second = await require();
      await manager.resolve({ resumeToken: first.resumeToken! });
      expect(await jobStatus()).toBe(JobStatus.WAITING_ACTION);
      await manager.resolve({ resumeToken: second.resumeToken! });
      expect(await jobStatus()).toBe(JobStatus.RUNNING);
    });

    it('refuses a wrong token with InvalidResumeTokenError and changes nothing', async () => {
      const action = await require();
      const before = (await store.get(action.actionId))?.toJSON();
      const events = bus.events.length;
      for (const token of ['', 'guess', `${action.resumeToken}x`, action.resumeTokenHash]) {
        await expect(manager.resolve({ resumeToken: token })).rejects.toSatisfy(
          InvalidResumeTokenError.isInstance,
        );
      }
      expect((await store.get(action.actionId))?.toJSON()).toEqual(before);
      expect(bus.events.length).toBe(events);
      expect(await jobStatus()).toBe(JobStatus.WAITING_ACTION);
    });

    it('refuses a reused token with ResumeTokenUsedError and keeps the first resolution', async () => {
      const action = await require();
      await manager.resolve({ resumeToken: action.resumeToken!, resolution: { approved: true } });
      const events = bus.events.length;
      const error = await manager
        .resolve({ resumeToken: action.resumeToken!, resolution: { approved: false } })
        .catch((e) => e);
      expect(ResumeTokenUsedError.isInstance(error)).toBe(true);
      expect((await store.get(action.actionId))?.resolution).toEqual({ approved: true });
      expect(bus.events.length).toBe(events);
    });

    it('lets exactly one of concurrent resolutions with the same token win', async () => {
      const action = await require();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          outcome(manager.resolve({ resumeToken: action.resumeToken!, resolution: { i } })),
        ),
      );
      const won = results.filter((r) => r.value);
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r.error).every((r) => ResumeTokenUsedError.isInstance(r.error))).toBe(
        true,
      );
      expect((await store.get(action.actionId))?.resolution).toEqual(won[0]!.value!.resolution);
      expect(bus.types().filter((t) => t === 'action.resolved')).toHaveLength(1);
    });

    it('refuses an expired token with ActionExpiredError and changes nothing', async () => {
      const action = await require(60);
      await clock.advance(60_000);
      const error = await manager.resolve({ resumeToken: action.resumeToken! }).catch((e) => e);
      expect(ActionExpiredError.isInstance(error)).toBe(true);
      expect((await store.get(action.actionId))?.version).toBe(1);
      await manager.expireOverdue();
      await expect(manager.resolve({ resumeToken: action.resumeToken! })).rejects.toSatisfy(
        ActionExpiredError.isInstance,
      );
    });

    it('refuses the token of a cancelled action with ActionCancelledError', async () => {
      const action = await require();
      await manager.cancel(action.actionId, { reason: 'changed my mind' });
      const error = await manager.resolve({ resumeToken: action.resumeToken! }).catch((e) => e);
      expect(ActionCancelledError.isInstance(error)).toBe(true);
      expect(error.reason).toBe('changed my mind');
    });

    it('still settles the action when the job ended meanwhile', async () => {
      const action = await require();
      await jobs.cancel(jobId);
      expect((await manager.resolve({ resumeToken: action.resumeToken! })).status).toBe('resolved');
      expect(await jobStatus()).toBe(JobStatus.CANCELLED);
    });
  });

  describe('cancel', () => {
    it('cancels a pending action, publishes it and resumes the job so its agent decides', async () => {
      const action = await require();
      const cancelled = await manager.cancel(action.actionId, { reason: 'User cancelled' });
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'User cancelled' });
      expect(bus.events.at(-1)).toMatchObject({
        type: 'action.cancelled',
        data: { actionId: action.actionId, actionType: 'confirm', reason: 'User cancelled' },
      });
      expect(await jobStatus()).toBe(JobStatus.RUNNING);
    });

    it('refuses a settled or unknown action', async () => {
      const action = await require();
      await manager.cancel(action.actionId);
      await expect(manager.cancel(action.actionId)).rejects.toThrow(InvalidTransitionError);
      await expect(manager.cancel('missing')).rejects.toThrow(NotFoundError);
    });
  });

  describe('waitForResolution', () => {
    it('wakes the waiter within a millisecond of the signal, its job already running (median of 25)', async () => {
      const inner = new InMemorySignalChannel();
      let signalledAt = 0;
      const timed: SignalChannel = {
        wait: (id, options) => inner.wait(id, options),
        signal: (id, message) => {
          signalledAt = performance.now();
          return inner.signal(id, message);
        },
      };
      const realtime = new ActionManager(store, { signalChannel: timed, jobManager: jobs });
      const latencies: number[] = [];
      for (let i = 0; i < 25; i++) {
        const action = await realtime.requireAction({ jobId, type: 'confirm' });
        const waiting = realtime.waitForResolution(action.actionId).then(async (r) => {
          const at = performance.now();
          return { r, at, status: await jobStatus() };
        });
        await new Promise((resolve) => setImmediate(resolve));
        await realtime.resolve({ resumeToken: action.resumeToken!, resolution: { approved: true } });
        const { r, at, status } = await waiting;
        expect(r.resolution).toEqual({ approved: true });
        expect(status).toBe(JobStatus.RUNNING);
        latencies.push(at - signalledAt);
      }
      latencies.sort((a, b) => a - b);
      expect(latencies[12]).toBeLessThan(1);
    });

    it('returns at once when the action is already resolved', async () => {
      const action = await require();
      await manager.resolve({ resumeToken: action.resumeToken! });
      expect((await manager.waitForResolution(action.actionId)).status).toBe('resolved');
    });

    it('does not miss a resolution that lands between subscribing and reading the store', async () => {
      const bare = new InMemorySignalChannel({ retainMs: 0 });
      const racingStore = Object.create(store) as InMemoryActionStore;
      const waiter = new ActionManager(racingStore, { signalChannel: bare });
      const resolver = new ActionManager(store, { signalChannel: bare });
      const action = await resolver.requireAction({ jobId, type: 'confirm' });
      let reads = 0;
      racingStore.get = async (id: string) => {
        const current = await store.get(id);
        if (++reads === 2) queueMicrotask(() => void resolver.resolve({ resumeToken: action.resumeToken! }));
        return current;
      };
      const startedAt = performance.now();
      const resolved = await waiter.waitForResolution(action.actionId, { timeoutSeconds: 2 });
      expect(resolved.status).toBe('resolved');
      // woken by the signal, not found by the re-read at the 2 s deadline
      expect(performance.now() - startedAt).toBeLessThan(1_000);
    });

    it('takes the settled record from the signal: no store read once woken, job already running', async () => {
      const countingStore = Object.create(store) as InMemoryActionStore;
      const waiter = new ActionManager(countingStore, { signalChannel: channel, jobManager: jobs, clock });
      const action = await require();
      let reads = 0;
      countingStore.get = (id: string) => {
        reads++;
        return store.get(id);
      };
      const waiting = waiter.waitForResolution(action.actionId);
      await new Promise((resolve) => setImmediate(resolve));
      const readsBeforeResolve = reads;
      await manager.resolve({ resumeToken: action.resumeToken!, resolution: { approved: true } });
      const resolved = await waiting;
      expect(reads).toBe(readsBeforeResolve);
      expect(resolved.toJSON()).toEqual((await store.get(action.actionId))!.toJSON());
      expect(await jobStatus()).toBe(JobStatus.RUNNING);
    });

    it('reads the store when the signal carries no record (an older sender)', async () => {
      const bare = new InMemorySignalChannel();
      const waiter = new ActionManager(store, { signalChannel: bare, clock });
      const action = await require();
      const waiting = waiter.waitForResolution(action.actionId);
      await new Promise((resolve) => setImmediate(resolve));
      await new ActionManager(store, { clock }).resolve({ resumeToken: action.resumeToken! });
      await bare.signal(action.actionId, { actionId: action.actionId, status: 'resolved' });
      expect((await waiting).status).toBe('resolved');
    });

    it('polls without a signal channel', async () => {
      const polling = new ActionManager(store, { clock });
      const action = await polling.requireAction({ jobId, type: 'confirm' });
      let result: ActionRecord | undefined;
      const waiting = polling.waitForResolution(action.actionId, { pollIntervalMs: 1000 }).then((r) => {
        result = r;
      });
      await clock.advance(0);
      await polling.resolve({ resumeToken: action.resumeToken! });
      await clock.advance(999);
      expect(result).toBeUndefined();
      await clock.advance(1);
      await waiting;
      expect(result?.status).toBe('resolved');
    });

    it('throws RuntimeTimeoutError after timeoutSeconds, leaving the action pending', async () => {
      const action = await require();
      const waiting = outcome(manager.waitForResolution(action.actionId, { timeoutSeconds: 10 }));
      await untilSleeping();
      await clock.advance(10_000);
      const { error } = await waiting;
      expect(RuntimeTimeoutError.isInstance(error)).toBe(true);
      expect((await store.get(action.actionId))?.status).toBe(ActionStatus.PENDING);
    });

    it('throws ActionExpiredError when the action expires while waited for, expiring it', async () => {
      const action = await require(60);
      const waiting = outcome(manager.waitForResolution(action.actionId, { timeoutSeconds: 600 }));
      await untilSleeping();
      await clock.advance(60_000);
      const { error } = await waiting;
      expect(ActionExpiredError.isInstance(error)).toBe(true);
      expect((await store.get(action.actionId))?.status).toBe(ActionStatus.EXPIRED);
      expect(bus.types()).toContain('action.expired');
      expect(await jobStatus()).toBe(JobStatus.RUNNING);
    });

    it('throws ActionCancelledError when the action is cancelled', async () => {
      const action = await require();
      const waiting = outcome(manager.waitForResolution(action.actionId));
      await clock.advance(0);
      await manager.cancel(action.actionId, { reason: 'no' });
      const { error } = await waiting;
      expect(ActionCancelledError.isInstance(error)).toBe(true);
    });

    it('throws CancelledError when aborted, with or without a channel', async () => {
      const action = await require();
      for (const waiter of [manager, new ActionManager(store, { clock })]) {
        const controller = new AbortController();
        const waiting = outcome(waiter.waitForResolution(action.actionId, { signal: controller.signal }));
        await clock.advance(0);
        controller.abort();
        expect(CancelledError.isInstance((await waiting).error)).toBe(true);
      }
      await expect(
        manager.waitForResolution(action.actionId, { signal: AbortSignal.abort() }),
      ).rejects.toSatisfy(CancelledError.isInstance);
    });

    it('throws NotFoundError for an unknown action and ValidationError for bad options', async () => {
      await expect(manager.waitForResolution('missing')).rejects.toThrow(NotFoundError);
      await expect(manager.waitForResolution('missing', { pollIntervalMs: 0 })).rejects.toThrow(
        /options\.pollIntervalMs/,
      );
    });
  });

  describe('expiry', () => {
    it('expireOverdue expires only overdue pending actions and resumes their job', async () => {
      const soon = await require(10);
      const later = await manager.requireAction({ jobId, type: 'input', timeoutSeconds: 100 });
      await clock.advance(10_000);
      const expired = await manager.expireOverdue();
      expect(expired.map((a) => a.actionId)).toEqual([soon.actionId]);
      expect(bus.events.at(-1)).toMatchObject({
        type: 'action.expired',
        data: { actionId: soon.actionId, actionType: 'confirm' },
      });
      expect(await jobStatus()).toBe(JobStatus.WAITING_ACTION);
      await clock.advance(90_000);
      expect((await manager.expireOverdue()).map((a) => a.actionId)).toEqual([later.actionId]);
      expect(await jobStatus()).toBe(JobStatus.RUNNING);
      expect(await manager.expireOverdue()).toEqual([]);
    });

    it('the sweeper expires overdue actions on its interval and signals their waiters, until stopped', async () => {
      const action = await require(30);
      const signalled = channel.wait(action.actionId);
      const stop = manager.startSweeper({ intervalMs: 20_000 });
      await clock.advance(20_000);
      expect((await store.get(action.actionId))?.status).toBe(ActionStatus.PENDING);
      await clock.advance(20_000);
      const expired = await store.get(action.actionId);
      expect(expired?.status).toBe(ActionStatus.EXPIRED);
      expect(await signalled).toEqual({
        actionId: action.actionId,
        status: 'expired',
        action: expired!.toJSON(),
      });
      expect(bus.events.at(-1)?.type).toBe('action.expired');
      expect(await jobStatus()).toBe(JobStatus.RUNNING);
      await stop();
      const late = await manager.requireAction({ jobId, type: 'confirm', timeoutSeconds: 1 });
      await clock.advance(60_000);
      expect((await store.get(late.actionId))?.status).toBe(ActionStatus.PENDING);
    });

    it('the sweeper reports errors and keeps sweeping', async () => {
      const failing = Object.create(store) as InMemoryActionStore;
      let calls = 0;
      failing.listExpired = async (now: number) => {
        if (++calls === 1) throw new Error('store down');
        return store.listExpired(now);
      };
      const sweeping = new ActionManager(failing, { clock });
      const action = await sweeping.requireAction({ jobId, type: 'confirm', timeoutSeconds: 1 });
      const errors: unknown[] = [];
      const stop = sweeping.startSweeper({ intervalMs: 1000, onError: (e) => errors.push(e) });
      await clock.advance(1000);
      await clock.advance(1000);
      await stop();
      expect(errors).toHaveLength(1);
      expect((await store.get(action.actionId))?.status).toBe(ActionStatus.EXPIRED);
    });
  });

  it('never puts a resume token in an event other than action.required', async () => {
    const action = await require(5);
    const other = await require(5);
    await manager.resolve({ resumeToken: action.resumeToken! });
    await clock.advance(5000);
    await manager.expireOverdue();
    const later = await require();
    await manager.cancel(later.actionId);
    const leaked = bus.events.filter(
      (e) => e.type !== 'action.required' && JSON.stringify(e).includes('resumeToken'),
    );
    expect(leaked).toEqual([]);
    expect(bus.types()).toEqual([
      'action.required',
      'action.required',
      'action.resolved',
      'action.expired',
      'action.required',
      'action.cancelled',
    ]);
    expect(other.resumeToken).not.toBe(action.resumeToken);
  });

  it('validates its options', () => {
    expect(() => new ActionManager(store, { maxAttempts: 0 })).toThrow(/options\.maxAttempts/);
    expect(() => new ActionManager({} as never)).toThrow(/store/);
    expect(() => manager.startSweeper({ intervalMs: 0 })).toThrow(/options\.intervalMs/);
  });
});
