import {
  ConcurrentModificationError,
  ManualClock,
  NotFoundError,
  ValidationError,
} from '@agent-runtime/core';
import {
  encodeJobCursor,
  IdempotencyConflictError,
  JobManager,
  JobRecord,
  JobStatus,
} from '@agent-runtime/jobs';
import { describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../database/sql-database';
import { runMigrations } from '../migrations';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { JOB_MIGRATIONS } from './job-table';
import { PostgresJobStore } from './postgres-job-store';

const backends = useBackends();

describe.each(backends)('PostgresJobStore on $name', (backend) => {
  const makeStore = async (db?: SqlDatabase) =>
    new PostgresJobStore(db ?? (await backend.handle()), {
      schema: backend.schema,
      tableName: uniqueName('jobs'),
    });
  const clock = new ManualClock(1_700_000_000_000);
  const newJob = (spec: Partial<Parameters<typeof JobRecord.create>[0]> = {}) =>
    JobRecord.create({ scopeId: 'tenant-1', ...spec }, { clock });

  it('round-trips every field of a record', async () => {
    const store = await makeStore();
    const job = new JobRecord({
      ...newJob({ principalId: 'u', sessionId: 's', runId: 'r', traceId: 't', parentJobId: 'p' }).toJSON(),
      idempotencyKey: 'k',
      status: JobStatus.FAILED,
      progress: 0.25,
      turn: 3,
      deadline: 1_700_000_100_000.5,
      budgets: { maxTokens: 10, maxCost: '1.25', maxTurns: 4 },
      policyRef: { name: 'default', version: '2', overrides: { strict: true } },
      metadata: { nested: { list: [1, 'two', null, true] } },
      tags: { env: 'test' },
      resultRef: 'blob://result',
      error: { message: 'boom', code: 'E_BOOM' },
      checkpoint: { messages: [{ role: 'user', content: 'hi' }], turn: 3 },
      startedAt: 1_700_000_000_001,
      finishedAt: 1_700_000_000_002,
    });
    const stored = await store.create(job);
    expect(stored.toJSON()).toEqual(job.toJSON());
    expect((await store.get(job.jobId))?.toJSON()).toEqual(job.toJSON());
    expect(await store.get('missing')).toBeUndefined();
  });

  it('refuses a duplicate jobId and writes nothing', async () => {
    const store = await makeStore();
    const job = await store.create(newJob({ metadata: { first: true } }));
    const again = new JobRecord({ ...newJob().toJSON(), jobId: job.jobId, scopeId: 'other' });
    const error = await store.create(again).catch((e: unknown) => e);
    expect(IdempotencyConflictError.isInstance(error)).toBe(true);
    expect((error as IdempotencyConflictError).existingJobId).toBe(job.jobId);
    expect((await store.get(job.jobId))?.toJSON()).toEqual(job.toJSON());
    expect(await store.count()).toBe(1);
  });

  it('keeps one job out of 100 concurrent creates with the same (scopeId, idempotencyKey)', async () => {
    const store = await makeStore();
    await store.migrate();
    const attempts = Array.from({ length: 100 }, () => newJob({ idempotencyKey: 'same' }));
    const results = await Promise.allSettled(attempts.map((job) => store.create(job)));
    const created = results.filter((r) => r.status === 'fulfilled');
    expect(created).toHaveLength(1);
    const winner = (created[0] as PromiseFulfilledResult<JobRecord>).value;
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(IdempotencyConflictError.isInstance(r.reason)).toBe(true);
      expect((r.reason as IdempotencyConflictError).existingJobId).toBe(winner.jobId);
    }
    expect(await store.count({ scopeId: 'tenant-1' })).toBe(1);
    expect((await store.getByIdempotencyKey('same', 'tenant-1'))?.jobId).toBe(winner.jobId);
  });

  it('allows the same idempotency key in different scopes', async () => {
    const store = await makeStore();
    const a = await store.create(newJob({ scopeId: 'a', idempotencyKey: 'k' }));
    void clock.advance(1);
    const b = await store.create(newJob({ scopeId: 'b', idempotencyKey: 'k' }));
    expect((await store.getByIdempotencyKey('k', 'b'))?.jobId).toBe(b.jobId);
    expect((await store.getByIdempotencyKey('k'))?.jobId).toBe(a.jobId);
    expect(await store.getByIdempotencyKey('k', 'c')).toBeUndefined();
  });

  it('updates by compare-and-set on version', async () => {
    const store = await makeStore();
    const created = await store.create(newJob());
    const running = await store.update(created.transitionTo(JobStatus.RUNNING, { now: clock.now() }));
    expect(running.version).toBe(2);
    expect(running.status).toBe(JobStatus.RUNNING);
    const stale = await store.update(created.withProgress(0.5)).catch((e: unknown) => e);
    expect(ConcurrentModificationError.isInstance(stale)).toBe(true);
    expect(stale).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect((await store.get(created.jobId))?.toJSON()).toEqual(running.toJSON());
    const missing = await store.update(newJob()).catch((e: unknown) => e);
    expect(NotFoundError.isInstance(missing)).toBe(true);
  });

  it('a write reads back only the columns the database sets, and returns the record it wrote', async () => {
    const db = await backend.db();
    const returned: string[][] = [];
    const recording: SqlDatabase = {
      kind: db.kind,
      transaction: (work) => db.transaction(work),
      query: async (text, params) => {
        const result = await db.query(text, params);
        if (/^\s*(INSERT|UPDATE)/.test(text)) returned.push(result.rows.flatMap((row) => Object.keys(row)));
        return result as never;
      },
    };
    const store = await makeStore(recording);
    const checkpoint = { messages: [{ role: 'user', content: 'hi' }] };
    const leased = newJob({ metadata: { big: 'x'.repeat(1_000) } }).withLease('w1', clock.now() + 30_000);
    const created = await store.create(leased, { leaseMs: 30_000 });
    const next = created
      .transitionTo(JobStatus.RUNNING, { now: clock.now() })
      .withCheckpoint(checkpoint, { now: clock.now() });
    const running = await store.update(next, { leaseMs: 30_000 });
    expect(returned).toEqual([
      ['version', 'lease_expires_at'],
      ['version', 'lease_expires_at'],
    ]);
    expect(running.checkpoint).toBe(next.checkpoint);
    expect(running.version).toBe(2);
    expect(running.leaseExpiresAt! - Date.now()).toBeGreaterThan(25_000);
    expect((await store.get(created.jobId))?.toJSON()).toEqual(running.toJSON());
  });

  it('lets exactly one of 20 concurrent updates of the same version win', async () => {
    const store = await makeStore();
    const created = await store.create(newJob());
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.update(created.withProgress(i / 20))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(ConcurrentModificationError.isInstance(r.reason)).toBe(true);
    }
    expect((await store.get(created.jobId))?.version).toBe(2);
  });

  it('refuses an update that takes another job’s idempotency key, changing nothing', async () => {
    const store = await makeStore();
    const owner = await store.create(newJob({ idempotencyKey: 'taken' }));
    const other = await store.create(newJob());
    const moved = new JobRecord({ ...other.toJSON(), idempotencyKey: 'taken' });
    const error = await store.update(moved).catch((e: unknown) => e);
    expect(IdempotencyConflictError.isInstance(error)).toBe(true);
    expect((error as IdempotencyConflictError).existingJobId).toBe(owner.jobId);
    expect((await store.get(other.jobId))?.toJSON()).toEqual(other.toJSON());
  });

  it('deletes', async () => {
    const store = await makeStore();
    const job = await store.create(newJob({ idempotencyKey: 'k' }));
    expect(await store.delete(job.jobId)).toBe(true);
    expect(await store.delete(job.jobId)).toBe(false);
    expect(await store.get(job.jobId)).toBeUndefined();
    await expect(store.create(newJob({ idempotencyKey: 'k' }))).resolves.toBeInstanceOf(JobRecord);
  });

  describe('list and count', () => {
    const seed = async () => {
      const store = await makeStore();
      const jobs: JobRecord[] = [];
      for (let i = 0; i < 10; i++) {
        void clock.advance(10);
        const job = newJob({
          scopeId: i % 2 === 0 ? 'even' : 'odd',
          principalId: `p${i % 3}`,
          sessionId: i < 5 ? 's1' : 's2',
          parentJobId: i === 7 ? 'parent' : undefined,
          tags: { n: String(i), group: i < 4 ? 'low' : 'high' },
        });
        const status = i % 4 === 0 ? JobStatus.RUNNING : JobStatus.QUEUED;
        jobs.push(await store.create(status === JobStatus.QUEUED ? job : job.transitionTo(status)));
      }
      return { store, jobs };
    };
    const ids = (jobs: readonly JobRecord[]) => jobs.map((j) => j.jobId);

    it('filters by every field in SQL', async () => {
      const { store, jobs } = await seed();
      expect(ids(await store.list({ scopeId: 'even' }))).toEqual(ids(jobs.filter((_, i) => i % 2 === 0)));
      expect(ids(await store.list({ principalId: 'p1' }))).toEqual(ids([jobs[1]!, jobs[4]!, jobs[7]!]));
      expect(ids(await store.list({ sessionId: 's2', scopeId: 'odd' }))).toEqual(
        ids([jobs[5]!, jobs[7]!, jobs[9]!]),
      );
      expect(ids(await store.list({ status: JobStatus.RUNNING }))).toEqual(
        ids([jobs[0]!, jobs[4]!, jobs[8]!]),
      );
      expect(await store.count({ status: [JobStatus.RUNNING, JobStatus.QUEUED] })).toBe(10);
      expect(ids(await store.list({ parentJobId: 'parent' }))).toEqual([jobs[7]!.jobId]);
      expect(ids(await store.list({ tags: { group: 'low', n: '2' } }))).toEqual([jobs[2]!.jobId]);
      expect(
        ids(await store.list({ createdAfter: jobs[3]!.createdAt, createdBefore: jobs[6]!.createdAt })),
      ).toEqual(ids(jobs.slice(3, 6)));
      expect(await store.count({ tags: { group: 'high' } })).toBe(6);
      expect(await store.count({ scopeId: 'none' })).toBe(0);
    });

    it('orders and pages with limit, offset and cursor', async () => {
      const { store, jobs } = await seed();
      expect(ids(await store.list({ order: 'desc', limit: 3 }))).toEqual(ids(jobs.slice(-3).reverse()));
      expect(ids(await store.list({ limit: 3, offset: 3 }))).toEqual(ids(jobs.slice(3, 6)));
      const cursor = encodeJobCursor(jobs[4]!);
      expect(ids(await store.list({ cursor, limit: 2 }))).toEqual(ids(jobs.slice(5, 7)));
      expect(ids(await store.list({ cursor, order: 'desc' }))).toEqual(ids(jobs.slice(0, 4).reverse()));
      expect(await store.count({ limit: 1, offset: 2 })).toBe(10);
    });

    it('orders jobs created in the same millisecond by jobId, byte-wise', async () => {
      const store = await makeStore();
      const base = newJob().toJSON();
      for (const jobId of ['job_b', 'job_B', 'job_a', 'job_A'])
        await store.create(new JobRecord({ ...base, jobId }));
      expect(ids(await store.list())).toEqual(['job_A', 'job_B', 'job_a', 'job_b']);
      const cursor = encodeJobCursor({ createdAt: base.createdAt, jobId: 'job_B' });
      expect(ids(await store.list({ cursor }))).toEqual(['job_a', 'job_b']);
    });

    it('reads only the rows of the page from the database', async () => {
      const { jobs } = await seed();
      const db = await backend.db();
      let rowsRead = 0;
      const counting: SqlDatabase = {
        kind: db.kind,
        transaction: (work) => db.transaction(work),
        query: async (text, params) => {
          const result = await db.query(text, params);
          rowsRead += result.rows.length;
          return result as never;
        },
      };
      const store = await makeStore(counting);
      for (const job of jobs)
        await store.create(new JobRecord({ ...job.toJSON(), jobId: `${job.jobId}-copy` }));
      rowsRead = 0;
      expect(await store.list({ limit: 2, offset: 4 })).toHaveLength(2);
      expect(rowsRead).toBe(2);
      rowsRead = 0;
      expect(await store.count()).toBe(10);
      expect(rowsRead).toBe(1);
    });

    it('rejects a bad filter with a ValidationError naming the field', async () => {
      const { store } = await seed();
      await expect(store.list({ limit: 0 })).rejects.toMatchObject({ field: 'filter.limit' });
      await expect(store.count({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ field: 'filter.cursor' });
      await expect(store.list({ status: 'done' as JobStatus })).rejects.toBeInstanceOf(ValidationError);
    });
  });

  it('upgrades a table created before leases: existing rows read with no lease and 0 recoveries', async () => {
    const db = await backend.db();
    const store = await makeStore(db);
    expect(await runMigrations(db, store.table, JOB_MIGRATIONS.slice(0, 1))).toEqual([1]);
    await db.query(
      `INSERT INTO ${store.table.qualified} (job_id, scope_id, status, progress, turn, budgets, metadata, tags,
         created_at, updated_at, version)
       VALUES ('old', 'tenant-1', 'running', 0, 0, '{}', '{}', '{}', 1, 1, 1)`,
    );
    expect(await store.migrate()).toEqual([2]);
    const old = await store.get('old');
    expect(old?.recoveries).toBe(0);
    expect(old?.leaseOwner).toBeUndefined();
    expect((await store.listClaimable({ limit: 5 })).map((job) => job.jobId)).toEqual(['old']);
    expect((await store.claimLease('old', { owner: 'w1', leaseMs: 1_000 }))?.leaseOwner).toBe('w1');
  });

  it('judges leases by the database clock, not the writer’s', async () => {
    const store = await makeStore();
    const skewed = JobRecord.fromJSON({ ...newJob().toJSON(), status: 'running' });
    await store.create(skewed);
    const claimed = await store.claimLease(skewed.jobId, { owner: 'w1', leaseMs: 60_000 });
    // the records of this file come from a clock in 2023; the lease ends a minute after the database's now
    expect(claimed!.leaseExpiresAt! - Date.now()).toBeGreaterThan(55_000);
    expect(claimed!.leaseExpiresAt! - Date.now()).toBeLessThan(65_000);
  });

  it('the first lease, taken by JobManager.start, is set by the database clock too', async () => {
    const store = await makeStore();
    const skewedClock = new ManualClock(Date.UTC(2023, 0, 1));
    const manager = new JobManager(store, { clock: skewedClock, leaseOwner: 'w1' });
    const job = await manager.create({ scopeId: 'tenant-1' });
    const started = await manager.start(job.jobId, { leaseSeconds: 60 });
    expect(started.leaseOwner).toBe('w1');
    expect(started.leaseExpiresAt! - Date.now()).toBeGreaterThan(55_000);
    expect(started.leaseExpiresAt! - Date.now()).toBeLessThan(65_000);
    expect((await store.get(job.jobId))?.leaseExpiresAt).toBe(started.leaseExpiresAt);
  });

  it('two JobManagers writing one job at once, each from the record it knows, lose no write', async () => {
    const store = await makeStore();
    const rounds = 15;
    // the other manager writes at most `rounds` times: with more attempts than that, none can run out
    const progress = new JobManager(store, { maxAttempts: rounds + 1 });
    const checkpoints = new JobManager(store, { maxAttempts: rounds + 1 });
    const { jobId } = await progress.create({ scopeId: 'tenant-1' });
    await progress.start(jobId);
    await checkpoints.get(jobId);
    await Promise.all([
      (async () => {
        for (let i = 1; i <= rounds; i++) await progress.updateProgress(jobId, i / 100, { turn: i });
      })(),
      (async () => {
        for (let i = 1; i <= rounds; i++) await checkpoints.saveCheckpoint(jobId, { step: i });
      })(),
    ]);
    const last = await store.get(jobId);
    expect(last).toMatchObject({ progress: rounds / 100, turn: rounds, checkpoint: { step: rounds } });
    expect(last?.version).toBe(2 + 2 * rounds);
  });
});

describe('PostgresJobStore options', () => {
  it('validates table and schema names as identifiers', () => {
    const db = {
      kind: 'pg',
      query: async () => ({ rows: [], rowCount: 0 }),
      transaction: async () => undefined,
    };
    expect(() => new PostgresJobStore(db as never, { tableName: 'jobs; DROP TABLE x' })).toThrow(
      expect.objectContaining({ field: 'options.tableName' }),
    );
    expect(() => new PostgresJobStore(db as never, { schema: '1abc' })).toThrow(
      expect.objectContaining({ field: 'options.schema' }),
    );
    expect(() => new PostgresJobStore(db as never, { tableName: 'x'.repeat(41) })).toThrow(ValidationError);
    expect(new PostgresJobStore(db as never).table.qualified).toBe('"runtime_jobs"');
    expect(new PostgresJobStore(db as never, { schema: 'app' }).table.qualified).toBe('"app"."runtime_jobs"');
  });
});
