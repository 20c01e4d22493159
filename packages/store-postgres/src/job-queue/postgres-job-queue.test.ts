import { JobRecord, JobStatus } from '@agent-runtime/jobs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PgPoolDatabase } from '../database/pg-pool-database';
import type { SqlDatabase } from '../database/sql-database';
import { queueOnBackend } from '../test-support/queue-on-backend';
import { POSTGRES_URL, postgresBackend, uniqueName } from '../test-support/test-databases';
import { claimStatement } from './claim-statement';
import { PostgresJobQueue } from './postgres-job-queue';

const backend = postgresBackend();
afterAll(() => backend.close());

const queueOnPostgres = () => queueOnBackend(backend);

describe('PostgresJobQueue on PostgreSQL', () => {
  it('enqueue sends one NOTIFY on its channel when it commits; a duplicate key and checkpoint writes send none', async () => {
    const { jobStore, queue } = await queueOnPostgres();
    const listener = new pg.Client({ connectionString: POSTGRES_URL });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query(`LISTEN "${queue.channel}"`);
    try {
      const job = await queue.enqueue(
        new JobRecord({ jobId: uniqueName('j'), scopeId: 's', idempotencyKey: 'k' }),
      );
      await queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 's', idempotencyKey: 'k' }));
      const [claimed] = await queue.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 });
      if (!claimed) throw new Error('nothing claimed');
      await jobStore.update(claimed.withCheckpoint({ step: 1 }));
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toEqual([queue.channel]);
      expect((await jobStore.get(job.jobId))?.status).toBe(JobStatus.RUNNING);
    } finally {
      await listener.end();
    }
  });

  it('watch listens on a PgPoolDatabase too (one made with prepared statements off)', async () => {
    const { jobStore } = await queueOnPostgres();
    const pool = (await backend.handle()) as pg.Pool;
    const queue = new PostgresJobQueue(new PgPoolDatabase(pool, { maxPreparedStatements: 0 }), { jobStore });
    let heard = 0;
    const stop = await queue.watch(() => {
      heard += 1;
    });
    try {
      await queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 's' }));
      const end = Date.now() + 15_000;
      while (heard === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(heard).toBe(1);
    } finally {
      await stop();
    }
  });

  it('watch calls back on each enqueue from another connection, and again after its LISTEN connection is killed', async () => {
    const { jobStore, queue } = await queueOnPostgres();
    const other = new PostgresJobQueue(await backend.db(), { jobStore });
    let heard = 0;
    const stop = await queue.watch(() => {
      heard += 1;
    });
    const until = async (condition: () => boolean) => {
      const end = Date.now() + 15_000;
      while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(condition()).toBe(true);
    };
    try {
      await other.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 's' }));
      await until(() => heard === 1);
      const sql = await backend.db();
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::integer AS n FROM pg_stat_activity
         WHERE query = $1 AND pid <> pg_backend_pid()`,
        [`LISTEN "${queue.channel}"`],
      );
      expect(Number(rows[0]?.n)).toBe(1);
      await until(() => heard === 2); // reopened: one call for what it may have missed
      await other.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 's' }));
      await until(() => heard === 3);
    } finally {
      await stop();
    }
    await other.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 's' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toBe(3);
  });

  it('leases are judged by the database clock', async () => {
    const { queue } = await queueOnPostgres();
    await queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 's', createdAt: 0 }));
    const { rows } = await (await backend.db()).query<{ now: number }>(
      'SELECT (extract(epoch from clock_timestamp()) * 1000)::double precision AS now',
    );
    const [claimed] = await queue.claim({ workerId: 'w', limit: 1, leaseMs: 60_000 });
    const dbNow = Number(rows[0]?.now);
    expect(claimed?.leaseExpiresAt).toBeGreaterThanOrEqual(dbNow + 60_000);
    expect(claimed?.leaseExpiresAt).toBeLessThan(dbNow + 70_000);
  });

  it('a job started outside the queue (execute’s path) is never claimed, and still takes its scope’s slot', async () => {
    const { jobStore, queue } = await queueOnPostgres();
    await queue.setScopeLimits({ scopeId: 's', maxRunningJobs: 1 });
    const direct = await jobStore.create(new JobRecord({ jobId: uniqueName('j'), scopeId: 's' }));
    await queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 's' }));
    await jobStore.update(direct.transitionTo(JobStatus.RUNNING));
    expect(await queue.claim({ workerId: 'w', limit: 5, leaseMs: 30_000 })).toEqual([]);
    await jobStore.delete(direct.jobId);
    const claimed = await queue.claim({ workerId: 'w', limit: 5, leaseMs: 30_000 });
    expect(claimed.map((c) => c.jobId)).not.toContain(direct.jobId);
    expect(claimed).toHaveLength(1);
  });

  it('200 concurrent enqueues with 50 duplicate idempotency keys store 150 jobs, each claimed once', async () => {
    const { jobStore, queue } = await queueOnPostgres();
    const keys = Array.from({ length: 200 }, (_, i) => `key-${i < 150 ? i : i - 150}`);
    const stored = await Promise.all(
      keys.map((key) =>
        queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 's', idempotencyKey: key })),
      ),
    );
    expect(new Set(stored.map((job) => job.jobId)).size).toBe(150);
    expect(await jobStore.count({})).toBe(150);
    const claimed = await Promise.all(
      ['w1', 'w2', 'w3'].map((workerId) => queue.claim({ workerId, limit: 100, leaseMs: 30_000 })),
    );
    const ids = claimed.flat().map((job) => job.jobId);
    ids.push(...(await queue.claim({ workerId: 'w4', limit: 100, leaseMs: 30_000 })).map((job) => job.jobId));
    expect(ids).toHaveLength(150);
    expect(new Set(ids).size).toBe(150);
  });
  it('a claim that finds its only scope row locked waits for it instead of coming back empty', async () => {
    const { jobStore, queue } = await queueOnPostgres();
    for (let i = 0; i < 3; i++)
      await queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 'busy' }));
    const holder = new pg.Client({ connectionString: POSTGRES_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM ${queue.table.qualified} WHERE scope_id = 'busy' FOR UPDATE`);
      const claiming = queue.claim({ workerId: 'w', limit: 2, leaseMs: 30_000 });
      await new Promise((r) => setTimeout(r, 200));
      await holder.query('COMMIT');
      const claimed = await claiming;
      expect(claimed.map((job) => job.status)).toEqual([JobStatus.RUNNING, JobStatus.RUNNING]);
      expect(await jobStore.count({ status: ['queued'] })).toBe(1);
    } finally {
      await holder.end();
    }
  });
  it('a claim is one statement, with work or idle', async () => {
    const { jobStore } = await queueOnPostgres();
    const db = await backend.db();
    const statements: string[] = [];
    const counted: SqlDatabase = {
      kind: db.kind,
      transaction: (work) => db.transaction(work),
      query: (text, params) => {
        statements.push(text);
        return db.query(text, params);
      },
    };
    const queue = new PostgresJobQueue(counted, { jobStore });
    await queue.migrate();
    await queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: 's' }));
    statements.length = 0;
    expect(await queue.claim({ workerId: 'w', limit: 2, leaseMs: 30_000 })).toHaveLength(1);
    expect(await queue.claim({ workerId: 'w', limit: 2, leaseMs: 30_000 })).toEqual([]);
    expect(statements).toHaveLength(2);
  });
  it('a claim locks only the jobs it takes: while it is uncommitted, every other queued job can be locked', async () => {
    const { jobStore, queue } = await queueOnPostgres();
    for (let i = 0; i < 80; i++)
      await queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId: `s${i % 8}` }));
    const claimer = new pg.Client({ connectionString: POSTGRES_URL });
    await claimer.connect();
    try {
      await claimer.query('BEGIN');
      const { rows } = await claimer.query(claimStatement(jobStore.table, queue.table), ['w', 8, 30_000]);
      expect(new Set(rows.map((row: { scope_id: string }) => row.scope_id)).size).toBe(8);
      const free = await (await backend.db()).query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM (SELECT job_id FROM ${jobStore.table.qualified}
         WHERE status = 'queued' FOR UPDATE SKIP LOCKED) unlocked`,
      );
      expect(Number(free.rows[0]?.n)).toBe(72);
    } finally {
      await claimer.query('ROLLBACK');
      await claimer.end();
    }
  });
});
