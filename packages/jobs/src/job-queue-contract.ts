import { ValidationError } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { JobQueue } from './job-queue';
import { JobRecord } from './job-record';
import { JobStatus } from './job-status';
import type { JobStore } from './job-store';

const T0 = Date.UTC(2026, 0, 1);

/** A queue and the job store it enqueues into (the same jobs). */
export interface JobQueueUnderTest {
  queue: JobQueue;
  store: JobStore;
}

/**
 * The behaviour every JobQueue must have. `make` returns a fresh, empty queue and its store each call;
 * `makeClaimers(n)` (optional) returns n queues over the same jobs, each on its own connection, for the
 * concurrent-claim test (defaults to the one queue n times).
 */
export function describeJobQueueContract(
  name: string,
  make: () => Promise<JobQueueUnderTest>,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): void {
  describe(`JobQueue contract: ${name}`, () => {
    let queue: JobQueue;
    let store: JobStore;
    let seq = 0;
    const job = (scopeId: string, init: { idempotencyKey?: string } = {}) =>
      new JobRecord({
        jobId: `job-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
        scopeId,
        createdAt: T0 + seq,
        ...init,
      });
    const claim = (limit: number, workerId = 'w1') => queue.claim({ workerId, limit, leaseMs: 30_000 });
    const finish = async (claimed: JobRecord) =>
      store.update(claimed.transitionTo(JobStatus.SUCCEEDED, { now: T0 + 1_000_000 }));

    beforeEach(async () => {
      ({ queue, store } = await make());
    });

    it('enqueue stores a queued job; a duplicate (scopeId, idempotencyKey) returns the first and stores nothing', async () => {
      const first = await queue.enqueue(job('a', { idempotencyKey: 'k' }));
      const again = await queue.enqueue(job('a', { idempotencyKey: 'k' }));
      const other = await queue.enqueue(job('b', { idempotencyKey: 'k' }));
      expect(again.jobId).toBe(first.jobId);
      expect(other.jobId).not.toBe(first.jobId);
      expect((await store.get(first.jobId))?.status).toBe(JobStatus.QUEUED);
      expect(await store.count({})).toBe(2);
    });

    it('claim moves jobs to running with a lease held by the worker, each job once', async () => {
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await queue.enqueue(job('a'))).jobId);
      const claimed = await claim(2);
      expect(claimed).toHaveLength(2);
      for (const c of claimed) {
        expect(c).toMatchObject({ status: JobStatus.RUNNING, leaseOwner: 'w1' });
        expect(c.leaseExpiresAt).toBeGreaterThan(Date.now() - 60_000);
        expect(await store.get(c.jobId)).toMatchObject({ status: JobStatus.RUNNING, leaseOwner: 'w1' });
      }
      const rest = await claim(5, 'w2');
      expect(rest.map((c) => c.jobId)).toEqual(ids.filter((id) => !claimed.some((c) => c.jobId === id)));
      expect(await claim(5)).toEqual([]);
    });

    it('a scope never runs more than maxRunningJobs; leaving running (also to waiting_action) frees the slot', async () => {
      await queue.setScopeLimits({ scopeId: 'a', maxRunningJobs: 2 });
      expect(await queue.getScopeLimits('a')).toEqual({ scopeId: 'a', maxRunningJobs: 2 });
      for (let i = 0; i < 5; i++) await queue.enqueue(job('a'));
      const [one, two] = await claim(10);
      expect(await claim(10)).toEqual([]);
      await finish(one as JobRecord);
      const [three] = await claim(10);
      expect(three).toBeDefined();
      expect(await claim(10)).toEqual([]);
      await store.update((two as JobRecord).transitionTo(JobStatus.WAITING_ACTION));
      expect(await claim(10)).toHaveLength(1);
      expect(await claim(10)).toEqual([]);
    });

    it('release hands a job back to queued only for the lease holder, and frees its slot', async () => {
      await queue.setScopeLimits({ scopeId: 'a', maxRunningJobs: 1 });
      await queue.enqueue(job('a'));
      await queue.enqueue(job('a'));
      const [held] = await claim(1);
      if (!held) throw new Error('nothing claimed');
      expect(await queue.release(held.jobId, { workerId: 'someone-else' })).toBeUndefined();
      const released = await queue.release(held.jobId, { workerId: 'w1' });
      expect(released).toMatchObject({ status: JobStatus.QUEUED });
      expect(released?.leaseOwner).toBeUndefined();
      expect(await claim(1, 'w2')).toHaveLength(1);
    });

    it('serves scopes round-robin: a scope with a backlog delays another by at most one claim round', async () => {
      for (let i = 0; i < 50; i++) await queue.enqueue(job('big'));
      expect(await claim(3)).toHaveLength(3);
      const small = await queue.enqueue(job('small'));
      const next = await claim(1);
      expect(next.map((c) => c.jobId)).toEqual([small.jobId]);
      for (let i = 0; i < 3; i++) await queue.enqueue(job(`t${i}`));
      const round = await claim(4);
      expect(new Set(round.map((c) => c.scopeId))).toEqual(new Set(['t0', 't1', 't2', 'big']));
    });

    it('within a scope, higher priority first, then oldest', async () => {
      const low = await queue.enqueue(job('a'));
      const high = await queue.enqueue(job('a'), { priority: 5 });
      const low2 = await queue.enqueue(job('a'));
      const order = [];
      for (let i = 0; i < 3; i++) order.push((await claim(1))[0]?.jobId);
      expect(order).toEqual([high.jobId, low.jobId, low2.jobId]);
    });

    it('the limits persist and a limit can be lifted', async () => {
      await queue.setScopeLimits({ scopeId: 'a', maxRunningJobs: 0 });
      await queue.enqueue(job('a'));
      expect(await claim(1)).toEqual([]);
      await queue.setScopeLimits({ scopeId: 'a' });
      expect(await queue.getScopeLimits('a')).toEqual({ scopeId: 'a' });
      expect(await claim(1)).toHaveLength(1);
    });

    it('bad input is a ValidationError naming the field, and changes nothing', async () => {
      await queue.enqueue(job('a'));
      const cases: Array<[() => Promise<unknown>, string]> = [
        [() => queue.claim({ workerId: '', limit: 1, leaseMs: 1 }), 'options.workerId'],
        [() => queue.claim({ workerId: 'w', limit: 0, leaseMs: 1 }), 'options.limit'],
        [() => queue.claim({ workerId: 'w', limit: 1, leaseMs: -1 }), 'options.leaseMs'],
        [() => queue.setScopeLimits({ scopeId: 'a', maxRunningJobs: -1 }), 'limits.maxRunningJobs'],
        [() => queue.enqueue(job('a').transitionTo(JobStatus.RUNNING)), 'job.status'],
        [() => queue.enqueue(job('a'), { priority: 1.5 }), 'options.priority'],
      ];
      for (const [call, field] of cases) {
        const error = await call().catch((e: unknown) => e);
        expect(ValidationError.isInstance(error) && error.field).toBe(field);
      }
      expect(await store.count({ status: JobStatus.RUNNING })).toBe(0);
      expect(await store.count({})).toBe(1);
    });

    it(
      'concurrent claimers: never over a scope’s limit, every job claimed exactly once',
      async () => {
        const scopes = ['a', 'b', 'c'];
        for (const scopeId of scopes) await queue.setScopeLimits({ scopeId, maxRunningJobs: 2 });
        const total = 30;
        for (let i = 0; i < total; i++) await queue.enqueue(job(scopes[i % 3] as string));
        const seen = new Map<string, number>();
        let over = 0;
        let finished = 0;
        // A worker stops once every job is finished, or after 20 empty claims in a row (a slow machine makes
        // claims come back empty while the other workers hold every scope's slots; those must not end it).
        const worker = async (workerId: string) => {
          for (let idle = 0; idle < 20 && finished < total; ) {
            const claimed = await queue.claim({ workerId, limit: 3, leaseMs: 30_000 });
            if (claimed.length === 0) {
              idle++;
              await new Promise((r) => setTimeout(r, 5));
              continue;
            }
            idle = 0;
            for (const c of claimed) seen.set(c.jobId, (seen.get(c.jobId) ?? 0) + 1);
            await new Promise((r) => setTimeout(r, 10));
            for (const scopeId of scopes) {
              if ((await store.count({ scopeId, status: JobStatus.RUNNING })) > 2) over++;
            }
            await Promise.all(claimed.map(finish));
            finished += claimed.length;
          }
        };
        await Promise.all(['w1', 'w2', 'w3', 'w4'].map(worker));
        expect(over).toBe(0);
        expect(seen.size).toBe(total);
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
        expect(await store.count({ status: JobStatus.SUCCEEDED })).toBe(total);
      },
      timeoutMs,
    );
  });
}
