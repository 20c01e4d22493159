import {
  ConcurrentModificationError,
  ManualClock,
  NotFoundError,
  ValidationError,
} from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyConflictError } from './idempotency-conflict-error';
import { encodeJobCursor } from './job-cursor';
import { JobManager } from './job-manager';
import { JobRecord, type JobRecordInit } from './job-record';
import { JobStatus } from './job-status';
import type { JobStore } from './job-store';

const T0 = Date.UTC(2026, 0, 1);

/**
 * The behaviour every JobStore must have. Run it from a vitest file with one call:
 * `describeJobStoreContract('PostgresJobStore', async () => new PostgresJobStore(await freshPool()))`.
 * `makeStore` must return a fresh, empty store each call.
 */
export function describeJobStoreContract(name: string, makeStore: () => Promise<JobStore> | JobStore): void {
  describe(`JobStore contract: ${name}`, () => {
    let store: JobStore;
    let seq = 0;
    const job = (init: Partial<JobRecordInit> = {}) =>
      new JobRecord({ jobId: `job-${++seq}`, scopeId: 'tenant-a', createdAt: T0 + seq, ...init });

    beforeEach(async () => {
      store = await makeStore();
    });

    describe('create and get', () => {
      it('stores every field and returns it unchanged from get', async () => {
        const full = new JobRecord({
          jobId: 'job-full',
          scopeId: 'tenant-a',
          principalId: 'user-1',
          sessionId: 'session-1',
          runId: 'run-1',
          traceId: 'trace-1',
          parentJobId: 'job-parent',
          idempotencyKey: 'key-1',
          status: JobStatus.WAITING_ACTION,
          progress: 0.25,
          turn: 3,
          deadline: T0 + 60_000,
          budgets: { maxTokens: 1000, maxCost: '1.25', maxTurns: 4 },
          policyRef: { name: 'default', version: '2', overrides: { strict: true } },
          metadata: { source: 'api', nested: { list: [1, 'two', null] } },
          tags: { priority: 'high' },
          resultRef: 'result-1',
          error: { message: 'boom', code: 'E001' },
          checkpoint: { messages: [{ role: 'user', content: 'hi' }], turn: 3 },
          createdAt: T0,
          updatedAt: T0 + 5,
          startedAt: T0 + 1,
          version: 1,
          leaseOwner: 'worker-1',
          leaseExpiresAt: T0 + 30_000,
          recoveries: 2,
        });
        const created = await store.create(full);
        expect(created.toJSON()).toEqual(full.toJSON());
        const read = await store.get('job-full');
        expect(read).toBeInstanceOf(JobRecord);
        expect(read?.toJSON()).toEqual(full.toJSON());
        expect(read?.budgets.maxCost?.toString()).toBe('1.25');
      });

      it('returns undefined for an unknown id', async () => {
        expect(await store.get('missing')).toBeUndefined();
      });

      it('refuses a duplicate jobId with IdempotencyConflictError and keeps the original', async () => {
        await store.create(job({ jobId: 'dup', metadata: { first: true } }));
        const error = await store.create(job({ jobId: 'dup', metadata: { first: false } })).catch((e) => e);
        expect(IdempotencyConflictError.isInstance(error)).toBe(true);
        expect(error.existingJobId).toBe('dup');
        expect((await store.get('dup'))?.metadata).toEqual({ first: true });
        expect(await store.count()).toBe(1);
      });

      it('refuses a duplicate (scopeId, idempotencyKey) and writes nothing', async () => {
        await store.create(job({ jobId: 'first', idempotencyKey: 'k' }));
        const error = await store.create(job({ jobId: 'second', idempotencyKey: 'k' })).catch((e) => e);
        expect(IdempotencyConflictError.isInstance(error)).toBe(true);
        expect(error.existingJobId).toBe('first');
        expect(await store.get('second')).toBeUndefined();
        expect(await store.count()).toBe(1);
      });

      it('allows the same idempotency key in another scope', async () => {
        await store.create(job({ jobId: 'a', idempotencyKey: 'k' }));
        await store.create(job({ jobId: 'b', scopeId: 'tenant-b', idempotencyKey: 'k' }));
        expect(await store.count()).toBe(2);
      });

      it('lets exactly one of many concurrent creates with the same key win', async () => {
        const attempts = Array.from({ length: 25 }, (_, i) =>
          store.create(job({ jobId: `race-${i}`, idempotencyKey: 'race' })),
        );
        const results = await Promise.allSettled(attempts);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.every((r) => IdempotencyConflictError.isInstance(r.reason))).toBe(true);
        expect(await store.count({ scopeId: 'tenant-a' })).toBe(1);
        const winner = (won[0] as PromiseFulfilledResult<JobRecord>).value;
        expect((await store.getByIdempotencyKey('race', 'tenant-a'))?.jobId).toBe(winner.jobId);
      });

      it('hands out records whose mutation cannot change the stored job', async () => {
        await store.create(job({ jobId: 'frozen', metadata: { a: 1 }, tags: { t: 'x' } }));
        const read = (await store.get('frozen'))!;
        const attempt = () => {
          (read.metadata as Record<string, unknown>).a = 2;
          (read.tags as Record<string, string>).t = 'y';
        };
        try {
          attempt();
        } catch {
          // frozen records throw in strict mode; either way the store must be unaffected
        }
        const again = (await store.get('frozen'))!;
        expect(again.metadata).toEqual({ a: 1 });
        expect(again.tags).toEqual({ t: 'x' });
      });
    });

    describe('update (compare-and-set)', () => {
      it('writes the job with version + 1 and returns what it stored', async () => {
        const created = await store.create(job({ jobId: 'u' }));
        expect(created.version).toBe(1);
        const updated = await store.update(created.transitionTo(JobStatus.RUNNING, { now: T0 + 100 }));
        expect(updated.version).toBe(2);
        expect(updated.status).toBe(JobStatus.RUNNING);
        expect(updated.startedAt).toBe(T0 + 100);
        expect((await store.get('u'))?.toJSON()).toEqual(updated.toJSON());
      });

      it('refuses a stale version with ConcurrentModificationError and changes nothing', async () => {
        const created = await store.create(job({ jobId: 'stale' }));
        await store.update(created.withProgress(0.5));
        const error = await store.update(created.withProgress(0.9)).catch((e) => e);
        expect(ConcurrentModificationError.isInstance(error)).toBe(true);
        expect(error.expectedVersion).toBe(1);
        expect(error.actualVersion).toBe(2);
        const stored = await store.get('stale');
        expect(stored?.progress).toBe(0.5);
        expect(stored?.version).toBe(2);
      });

      it('throws NotFoundError for a job that does not exist', async () => {
        const error = await store.update(job({ jobId: 'ghost' })).catch((e) => e);
        expect(NotFoundError.isInstance(error)).toBe(true);
        expect(await store.get('ghost')).toBeUndefined();
      });

      it('accepts exactly one of many concurrent updates based on the same version', async () => {
        const created = await store.create(job({ jobId: 'cas' }));
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => store.update(created.withProgress(0, { turn: i + 1 }))),
        );
        const won = results.filter((r): r is PromiseFulfilledResult<JobRecord> => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(lost.every((r) => ConcurrentModificationError.isInstance(r.reason))).toBe(true);
        const stored = await store.get('cas');
        expect(stored?.turn).toBe(won[0]!.value.turn);
        expect(stored?.version).toBe(2);
      });

      it('loses no update when concurrent writers re-read and retry', async () => {
        await store.create(job({ jobId: 'counter' }));
        const increment = async () => {
          for (;;) {
            const current = (await store.get('counter'))!;
            try {
              return await store.update(current.withProgress(0, { turn: current.turn + 1 }));
            } catch (error) {
              if (!ConcurrentModificationError.isInstance(error)) throw error;
            }
          }
        };
        await Promise.all(Array.from({ length: 15 }, increment));
        const stored = await store.get('counter');
        expect(stored?.turn).toBe(15);
        expect(stored?.version).toBe(16);
      });
    });

    describe('delete', () => {
      it('deletes once and frees the idempotency key', async () => {
        await store.create(job({ jobId: 'd', idempotencyKey: 'k' }));
        expect(await store.delete('d')).toBe(true);
        expect(await store.delete('d')).toBe(false);
        expect(await store.get('d')).toBeUndefined();
        expect(await store.getByIdempotencyKey('k', 'tenant-a')).toBeUndefined();
        await store.create(job({ jobId: 'd2', idempotencyKey: 'k' }));
        expect((await store.getByIdempotencyKey('k', 'tenant-a'))?.jobId).toBe('d2');
      });
    });

    describe('getByIdempotencyKey', () => {
      it('finds a job by key within a scope, and by key alone', async () => {
        await store.create(job({ jobId: 'a', scopeId: 'tenant-a', idempotencyKey: 'k' }));
        await store.create(job({ jobId: 'b', scopeId: 'tenant-b', idempotencyKey: 'k' }));
        expect((await store.getByIdempotencyKey('k', 'tenant-a'))?.jobId).toBe('a');
        expect((await store.getByIdempotencyKey('k', 'tenant-b'))?.jobId).toBe('b');
        expect((await store.getByIdempotencyKey('k'))?.jobId).toBe('a');
        expect(await store.getByIdempotencyKey('k', 'tenant-c')).toBeUndefined();
        expect(await store.getByIdempotencyKey('other')).toBeUndefined();
      });
    });

    describe('list and count', () => {
      beforeEach(async () => {
        const specs: Partial<JobRecordInit>[] = [
          {
            jobId: 'j1',
            scopeId: 'tenant-a',
            principalId: 'u1',
            sessionId: 's1',
            tags: { env: 'prod', team: 'x' },
          },
          {
            jobId: 'j2',
            scopeId: 'tenant-a',
            principalId: 'u2',
            status: JobStatus.RUNNING,
            tags: { env: 'dev' },
          },
          {
            jobId: 'j3',
            scopeId: 'tenant-a',
            principalId: 'u1',
            parentJobId: 'j1',
            status: JobStatus.SUCCEEDED,
          },
          {
            jobId: 'j4',
            scopeId: 'tenant-b',
            principalId: 'u1',
            status: JobStatus.FAILED,
            tags: { env: 'prod' },
          },
          {
            jobId: 'j5',
            scopeId: 'tenant-a',
            sessionId: 's1',
            status: JobStatus.WAITING_ACTION,
            parentJobId: 'j1',
          },
        ];
        for (const [i, spec] of specs.entries())
          await store.create(job({ ...spec, createdAt: T0 + i * 1000 }));
      });

      const ids = (jobs: JobRecord[]) => jobs.map((j) => j.jobId);

      it('lists everything in ascending creation order by default, and descending on request', async () => {
        expect(ids(await store.list())).toEqual(['j1', 'j2', 'j3', 'j4', 'j5']);
        expect(ids(await store.list({ order: 'desc' }))).toEqual(['j5', 'j4', 'j3', 'j2', 'j1']);
        expect(await store.count()).toBe(5);
      });

      it('orders jobs created at the same instant by jobId', async () => {
        await store.create(job({ jobId: 'same-b', scopeId: 'tenant-s', createdAt: T0 }));
        await store.create(job({ jobId: 'same-a', scopeId: 'tenant-s', createdAt: T0 }));
        expect(ids(await store.list({ scopeId: 'tenant-s' }))).toEqual(['same-a', 'same-b']);
      });

      it.each([
        [{ scopeId: 'tenant-b' }, ['j4']],
        [{ principalId: 'u1' }, ['j1', 'j3', 'j4']],
        [{ sessionId: 's1' }, ['j1', 'j5']],
        [{ status: JobStatus.RUNNING }, ['j2']],
        [{ status: [JobStatus.QUEUED, JobStatus.WAITING_ACTION] }, ['j1', 'j5']],
        [{ parentJobId: 'j1' }, ['j3', 'j5']],
        [{ tags: { env: 'prod' } }, ['j1', 'j4']],
        [{ tags: { env: 'prod', team: 'x' } }, ['j1']],
        [{ createdAfter: T0 + 1000 }, ['j2', 'j3', 'j4', 'j5']],
        [{ createdBefore: T0 + 2000 }, ['j1', 'j2']],
        [{ createdAfter: T0 + 1000, createdBefore: T0 + 3000 }, ['j2', 'j3']],
        [{ scopeId: 'tenant-a', principalId: 'u1', status: JobStatus.QUEUED }, ['j1']],
        [{ scopeId: 'tenant-c' }, []],
      ] as const)('filters by %j', async (filter, expected) => {
        expect(ids(await store.list(structuredClone(filter) as never))).toEqual(expected);
        expect(await store.count(structuredClone(filter) as never)).toBe(expected.length);
      });

      it('pages with limit and offset', async () => {
        expect(ids(await store.list({ limit: 2 }))).toEqual(['j1', 'j2']);
        expect(ids(await store.list({ limit: 2, offset: 2 }))).toEqual(['j3', 'j4']);
        expect(ids(await store.list({ limit: 2, offset: 4 }))).toEqual(['j5']);
        expect(ids(await store.list({ offset: 5 }))).toEqual([]);
        expect(ids(await store.list({ limit: 2, offset: 1, order: 'desc' }))).toEqual(['j4', 'j3']);
        expect(await store.count({ limit: 1 })).toBe(5);
      });

      it('pages with a cursor in either order, covering every job once', async () => {
        for (const order of ['asc', 'desc'] as const) {
          const seen: string[] = [];
          let cursor: string | undefined;
          for (;;) {
            const page = await store.list({ limit: 2, cursor, order });
            seen.push(...ids(page));
            if (page.length < 2) break;
            cursor = encodeJobCursor(page[page.length - 1]!);
          }
          const expected = ['j1', 'j2', 'j3', 'j4', 'j5'];
          expect(seen).toEqual(order === 'asc' ? expected : expected.reverse());
        }
      });

      it('pages with a cursor under a filter', async () => {
        const first = await store.list({ scopeId: 'tenant-a', limit: 2 });
        expect(ids(first)).toEqual(['j1', 'j2']);
        const next = await store.list({ scopeId: 'tenant-a', limit: 2, cursor: encodeJobCursor(first[1]!) });
        expect(ids(next)).toEqual(['j3', 'j5']);
      });

      it('rejects an invalid filter with ValidationError naming the field', async () => {
        for (const [filter, field] of [
          [{ limit: 0 }, 'filter.limit'],
          [{ offset: -1 }, 'filter.offset'],
          [{ status: 'done' }, 'filter.status'],
          [{ cursor: 'not-a-cursor' }, 'filter.cursor'],
          [{ order: 'up' }, 'filter.order'],
        ] as const) {
          const error = await store.list(filter as never).catch((e) => e);
          expect(ValidationError.isInstance(error), JSON.stringify(filter)).toBe(true);
          expect(error.field).toBe(field);
        }
      });
    });

    describe('leases', () => {
      const running = (init: Partial<JobRecordInit> = {}) =>
        store.create(job({ status: JobStatus.RUNNING, startedAt: T0, ...init }));
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

      it('claims a running job without a lease, by the store clock, with no recovery counted', async () => {
        const created = await running({ jobId: 'free' });
        const before = Date.now();
        const claimed = await store.claimLease('free', { owner: 'w1', leaseMs: 30_000 });
        expect(claimed?.leaseOwner).toBe('w1');
        expect(claimed?.recoveries).toBe(0);
        expect(claimed?.version).toBe(created.version + 1);
        expect(claimed!.leaseExpiresAt!).toBeGreaterThanOrEqual(before + 30_000 - 1_000);
        expect(claimed!.leaseExpiresAt!).toBeLessThanOrEqual(Date.now() + 30_000 + 1_000);
        expect((await store.get('free'))?.toJSON()).toEqual(claimed?.toJSON());
      });

      it('refuses a live lease of another owner and changes nothing', async () => {
        await running({ jobId: 'held' });
        const held = await store.claimLease('held', { owner: 'w1', leaseMs: 30_000 });
        expect(await store.claimLease('held', { owner: 'w2', leaseMs: 30_000 })).toBeUndefined();
        expect((await store.get('held'))?.toJSON()).toEqual(held?.toJSON());
      });

      it('takes over a lapsed lease and counts a recovery', async () => {
        await running({ jobId: 'lapsed' });
        await store.claimLease('lapsed', { owner: 'w1', leaseMs: 100 });
        await sleep(250);
        const taken = await store.claimLease('lapsed', { owner: 'w2', leaseMs: 30_000 });
        expect(taken?.leaseOwner).toBe('w2');
        expect(taken?.recoveries).toBe(1);
        expect(await store.renewLease('lapsed', { owner: 'w1', leaseMs: 30_000 })).toBeUndefined();
      });

      it('claims only running jobs', async () => {
        await store.create(job({ jobId: 'queued' }));
        await store.create(job({ jobId: 'waiting', status: JobStatus.WAITING_ACTION }));
        await store.create(job({ jobId: 'done', status: JobStatus.SUCCEEDED }));
        for (const id of ['queued', 'waiting', 'done', 'missing'])
          expect(await store.claimLease(id, { owner: 'w1', leaseMs: 1_000 }), id).toBeUndefined();
      });

      it('renews only for the owner of a running job', async () => {
        await running({ jobId: 'renew' });
        const claimed = await store.claimLease('renew', { owner: 'w1', leaseMs: 1_000 });
        const renewed = await store.renewLease('renew', { owner: 'w1', leaseMs: 60_000 });
        expect(renewed!.leaseExpiresAt!).toBeGreaterThan(claimed!.leaseExpiresAt!);
        expect(renewed?.version).toBe(claimed!.version + 1);
        expect(await store.renewLease('renew', { owner: 'w2', leaseMs: 60_000 })).toBeUndefined();
        await store.update(renewed!.transitionTo(JobStatus.WAITING_ACTION));
        const waiting = await store.get('renew');
        expect(waiting?.leaseOwner).toBeUndefined();
        expect(await store.renewLease('renew', { owner: 'w1', leaseMs: 60_000 })).toBeUndefined();
      });

      it('sets the lease expiry of an update with leaseMs by the store clock, whatever the record says', async () => {
        const created = await store.create(job({ jobId: 'start-leased' }));
        const lapsed = created.transitionTo(JobStatus.RUNNING, { now: T0 }).withLease('w1', T0);
        const before = Date.now();
        const started = await store.update(lapsed, { leaseMs: 30_000 });
        expect(started).toMatchObject({ status: JobStatus.RUNNING, leaseOwner: 'w1', version: 2 });
        expect(started.leaseExpiresAt!).toBeGreaterThanOrEqual(before + 30_000 - 1_000);
        expect(started.leaseExpiresAt!).toBeLessThanOrEqual(Date.now() + 30_000 + 1_000);
        expect((await store.get('start-leased'))?.toJSON()).toEqual(started.toJSON());
        expect(await store.claimLease('start-leased', { owner: 'w2', leaseMs: 30_000 })).toBeUndefined();
        // without leaseMs the record's own expiry is stored: lapsed, so another owner may take it
        const other = await store.create(job({ jobId: 'start-as-given' }));
        await store.update(other.transitionTo(JobStatus.RUNNING, { now: T0 }).withLease('w1', T0));
        expect((await store.claimLease('start-as-given', { owner: 'w2', leaseMs: 30_000 }))?.leaseOwner).toBe(
          'w2',
        );
      });

      it('creates a running job with the lease expiry of leaseMs by the store clock, whatever the record says', async () => {
        const lapsed = job({ jobId: 'create-leased', status: JobStatus.RUNNING, startedAt: T0 }).withLease(
          'w1',
          T0,
        );
        const before = Date.now();
        const created = await store.create(lapsed, { leaseMs: 30_000 });
        expect(created).toMatchObject({ status: JobStatus.RUNNING, leaseOwner: 'w1', version: 1 });
        expect(created.leaseExpiresAt!).toBeGreaterThanOrEqual(before + 30_000 - 1_000);
        expect(created.leaseExpiresAt!).toBeLessThanOrEqual(Date.now() + 30_000 + 1_000);
        expect((await store.get('create-leased'))?.toJSON()).toEqual(created.toJSON());
        expect(await store.claimLease('create-leased', { owner: 'w2', leaseMs: 30_000 })).toBeUndefined();
      });

      it('lets exactly one of many concurrent claims of a lapsed lease win', async () => {
        await running({ jobId: 'race' });
        const claims = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.claimLease('race', { owner: `w${i}`, leaseMs: 30_000 })),
        );
        const winners = claims.filter((c) => c !== undefined);
        expect(winners).toHaveLength(1);
        expect((await store.get('race'))?.leaseOwner).toBe(winners[0]?.leaseOwner);
      });

      it('lists running jobs without a live lease, least recently updated first, up to the limit', async () => {
        await running({ jobId: 'old', updatedAt: T0 + 1 });
        await running({ jobId: 'new', updatedAt: T0 + 2 });
        await running({ jobId: 'live' });
        await store.create(job({ jobId: 'idle', status: JobStatus.WAITING_ACTION }));
        await store.claimLease('live', { owner: 'w1', leaseMs: 30_000 });
        expect((await store.listClaimable({ limit: 10 })).map((j) => j.jobId)).toEqual(['old', 'new']);
        expect((await store.listClaimable({ limit: 1 })).map((j) => j.jobId)).toEqual(['old']);
      });
    });

    describe('with JobManager', () => {
      it('creates exactly one job for 100 concurrent creates with the same idempotency key', async () => {
        const manager = new JobManager(store);
        const jobs = await Promise.all(
          Array.from({ length: 100 }, () => manager.create({ scopeId: 'tenant-a', idempotencyKey: 'once' })),
        );
        expect(new Set(jobs.map((j) => j.jobId)).size).toBe(1);
        expect(await store.count({ scopeId: 'tenant-a' })).toBe(1);
      });

      it('creates a job started in one write: what create then start store, but version 1 and the lease by the store clock', async () => {
        const clock = new ManualClock(T0); // the manager's; the store keeps its own (the system's, the database's)
        const manager = new JobManager(store, { clock, leaseOwner: 'w1' });
        const spec = {
          scopeId: 'tenant-a',
          timeoutSeconds: 60,
          metadata: { source: 'api' },
          tags: { t: 'x' },
        };
        const start = { leaseSeconds: 30, checkpoint: { step: 0 }, data: { prompt: 'hi' } };
        const twoWrites = await manager.create({ ...spec, jobId: 'two-writes' });
        const started = await manager.start(twoWrites.jobId, start);
        const before = Date.now();
        const result = await manager.createStarted({ ...spec, jobId: 'one-write' }, start);
        expect(result.created).toBe(true);
        const stored = (await store.get('one-write'))!;
        expect(stored.toJSON()).toEqual(result.job.toJSON());
        const { jobId: _a, version, leaseExpiresAt, ...fields } = stored.toJSON();
        const { jobId: _b, version: twoVersions, leaseExpiresAt: _c, ...expected } = started.toJSON();
        expect(fields).toEqual(expected);
        expect([version, twoVersions]).toEqual([1, 2]);
        expect(leaseExpiresAt!).toBeGreaterThanOrEqual(before + 30_000 - 1_000);
        expect(leaseExpiresAt!).toBeLessThanOrEqual(Date.now() + 30_000 + 1_000);
        expect(await store.claimLease('one-write', { owner: 'w2', leaseMs: 30_000 })).toBeUndefined();
      });

      it('creates no job started when the idempotency key names one: that job, unchanged', async () => {
        const manager = new JobManager(store, { leaseOwner: 'w1' });
        const queued = await manager.create({ scopeId: 'tenant-a', idempotencyKey: 'taken' });
        const again = await manager.createStarted(
          { scopeId: 'tenant-a', idempotencyKey: 'taken' },
          { leaseSeconds: 30 },
        );
        expect(again).toEqual({ job: queued, created: false });
        expect((await store.get(queued.jobId))?.toJSON()).toEqual(queued.toJSON());
        expect(await store.count({ scopeId: 'tenant-a' })).toBe(1);
      });

      it('lists overdue active jobs and times them out, leaving the others', async () => {
        const clock = new ManualClock(T0);
        const manager = new JobManager(store, { clock });
        const overdue = await manager.create({ scopeId: 'tenant-a', timeoutSeconds: 10 });
        const running = await manager.start(
          (await manager.create({ scopeId: 'tenant-a', timeoutSeconds: 5 })).jobId,
        );
        const later = await manager.create({ scopeId: 'tenant-a', timeoutSeconds: 60 });
        const finished = await manager.start(
          (await manager.create({ scopeId: 'tenant-a', timeoutSeconds: 1 })).jobId,
        );
        await manager.complete(finished.jobId);
        await clock.advance(10_000);
        const expired = await manager.expireOverdue();
        expect(expired.map((j) => j.jobId).sort()).toEqual([overdue.jobId, running.jobId].sort());
        expect((await store.get(overdue.jobId))?.status).toBe(JobStatus.TIMED_OUT);
        expect((await store.get(running.jobId))?.status).toBe(JobStatus.TIMED_OUT);
        expect((await store.get(later.jobId))?.status).toBe(JobStatus.QUEUED);
        expect((await store.get(finished.jobId))?.status).toBe(JobStatus.SUCCEEDED);
      });

      it('filters by deadlineBefore (inclusive; jobs without a deadline never match), so expireOverdue reads only overdue jobs', async () => {
        const clock = new ManualClock(T0);
        const manager = new JobManager(store, { clock });
        const soon = await manager.create({ scopeId: 'tenant-d', timeoutSeconds: 10 });
        const exact = await manager.create({ scopeId: 'tenant-d', timeoutSeconds: 20 });
        await manager.create({ scopeId: 'tenant-d', timeoutSeconds: 60 });
        await manager.create({ scopeId: 'tenant-d' });
        const bound = T0 + 20_000;
        expect(
          (await store.list({ scopeId: 'tenant-d', deadlineBefore: bound })).map((j) => j.jobId).sort(),
        ).toEqual([soon.jobId, exact.jobId].sort());
        expect(await store.count({ scopeId: 'tenant-d', deadlineBefore: bound })).toBe(2);

        let read = 0;
        const countingList = async (filter?: Parameters<JobStore['list']>[0]) => {
          const page = await store.list(filter);
          read += page.length;
          return page;
        };
        const counting = new Proxy(store, {
          get: (target, property) => {
            if (property === 'list') return countingList;
            const value = Reflect.get(target, property);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
        await clock.advance(20_000);
        const expired = await new JobManager(counting, { clock }).expireOverdue();
        expect(expired.map((j) => j.jobId).sort()).toEqual([soon.jobId, exact.jobId].sort());
        expect(read).toBe(2);
      });
    });
  });
}
