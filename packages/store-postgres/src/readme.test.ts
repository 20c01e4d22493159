import {
  BudgetExceededError,
  ExecutionContext,
  RuntimeEvent,
  ValidationError,
  ZERO_USAGE,
} from '@agent-runtime/core';
import { JobManager, JobRecord } from '@agent-runtime/jobs';
import { Ledger } from '@agent-runtime/ledger';
import pg from 'pg';
import { afterAll, expect, it, vi } from 'vitest';
import {
  createPostgresStores,
  openPGlite,
  PostgresActionStore,
  PostgresBudgetStore,
  PostgresConnectionError,
  PostgresEventLog,
  PostgresJobQueue,
  PostgresJobStore,
  PostgresLedgerWriter,
  toSqlDatabase,
} from './index';
import { POSTGRES_URL, uniqueName } from './test-support/test-databases';

// The README's examples, in a schema of their own so parallel runs never collide.
const schema = uniqueName('ar_readme');
const cleanup = new pg.Pool({ connectionString: POSTGRES_URL });
afterAll(async () => {
  await cleanup.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await cleanup.end();
});

it('On a PostgreSQL server', async () => {
  const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });

  const jobStore = new PostgresJobStore(pool, { tableName: 'runtime_jobs', schema });
  const actionStore = new PostgresActionStore(pool, { tableName: 'runtime_actions', schema });
  const ledgerWriter = new PostgresLedgerWriter(pool, { tableName: 'runtime_ledger', schema });

  expect(await jobStore.migrate()).toEqual([1, 2]);
  expect(await jobStore.migrate()).toEqual([]);
  const job = await jobStore.create(new JobRecord({ jobId: 'leased', scopeId: 't', status: 'running' }));
  const claimed = await jobStore.claimLease(job.jobId, { owner: 'worker-1', leaseMs: 30_000 });
  expect(claimed?.leaseOwner).toBe('worker-1');
  expect(await jobStore.claimLease(job.jobId, { owner: 'worker-2', leaseMs: 30_000 })).toBeUndefined();
  expect(await jobStore.renewLease(job.jobId, { owner: 'worker-1', leaseMs: 30_000 })).toBeDefined();
  expect(await jobStore.listClaimable({ limit: 100 })).toEqual([]);
  await jobStore.delete(job.jobId);
  expect(await actionStore.list()).toEqual([]);
  expect((await ledgerWriter.getUsage()).cost.toString()).toBe('0');
  await pool.end();
});

it('Embedded on PGlite', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});

  const db = await openPGlite(); // in memory; openPGlite('./data') keeps it in a directory
  const { jobStore, actionStore, ledgerWriter, migrate } = createPostgresStores(db);
  await migrate();

  const jobs = new JobManager(jobStore);
  const job = await jobs.create({ scopeId: 'tenant-123', idempotencyKey: 'order-42' });
  await jobs.start(job.jobId);
  const again = await jobs.create({ scopeId: 'tenant-123', idempotencyKey: 'order-42' });
  console.log(again.jobId === job.jobId, again.status); // true running

  expect(log).toHaveBeenCalledWith(true, 'running');
  expect(await actionStore.list()).toEqual([]);
  expect((await ledgerWriter.listEvents()).length).toBe(0);
  await db.close();
  expect(db.closed).toBe(true);
  log.mockRestore();
}, 60_000); // PGlite starts in ~3 s alone, much slower on a loaded machine; createPostgresStores migrates four tables

it('Shared budgets', async () => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL });
  const options = { schema };
  // two processes (or two kernels: RuntimeKernel.create({ …, budgetStore })) on one database
  const inA = new Ledger(new PostgresLedgerWriter(pool, options), {
    budgetStore: new PostgresBudgetStore(pool, options),
  });
  const inB = new Ledger(new PostgresLedgerWriter(pool, options), {
    budgetStore: new PostgresBudgetStore(pool, options),
  });
  await inA.setBudget({ scopeId: 'tenant-123', sessionId: 'chat-42', maxTokensDaily: 20_000 });
  const seen = await inB.getBudget({ scopeId: 'tenant-123', sessionId: 'chat-42' }); // the budget A set

  expect(seen?.maxTokensDaily).toBe(20_000);
  const ctx = new ExecutionContext({ scopeId: 'tenant-123', sessionId: 'chat-42', jobId: 'j1' });
  await expect(inB.reserve(ctx, { tokens: 20_001 })).rejects.toThrow(BudgetExceededError);
  await pool.end();
});

it('Event log', async () => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL });
  const otherPool = new pg.Pool({ connectionString: POSTGRES_URL });

  const log = new PostgresEventLog(pool, { schema, retentionDays: 30 });
  const follower = new PostgresEventLog(otherPool, { schema }); // think: another process

  const seen: string[] = [];
  const following = (async () => {
    for await (const event of follower.follow('job-123')) seen.push(`${event.seq} ${event.type}`);
  })();
  await log.append([new RuntimeEvent({ type: 'job.started', jobId: 'job-123' })]);
  const usage = { ...ZERO_USAGE, totalCost: '0' };
  await log.append([
    new RuntimeEvent({ type: 'final.result', jobId: 'job-123', data: { content: 'done', usage, turns: 1 } }),
  ]);
  await following; // seen: ['1 job.started', '2 final.result']

  expect(seen).toEqual(['1 job.started', '2 final.result']);
  expect(await log.prune()).toBe(0);
  expect(await log.prune({ before: Date.now() + 1 })).toBe(2);
  await pool.end();
  await otherPool.end();
});

it('Job queue', async () => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL });
  const jobStore = new PostgresJobStore(pool, { schema, tableName: 'queue_jobs' });
  const queue = new PostgresJobQueue(pool, { jobStore });

  await queue.setScopeLimits({ scopeId: 'tenant-a', maxRunningJobs: 2 });
  await queue.enqueue(new JobRecord({ jobId: 'job-1', scopeId: 'tenant-a', idempotencyKey: 'order-42' }));
  const again = await queue.enqueue(
    new JobRecord({ jobId: 'job-2', scopeId: 'tenant-a', idempotencyKey: 'order-42' }),
  );
  expect(again.jobId).toBe('job-1');
  const claimed = await queue.claim({ workerId: 'worker-1', limit: 10, leaseMs: 30_000 });
  expect(claimed.map((job) => [job.jobId, job.status, job.leaseOwner])).toEqual([
    ['job-1', 'running', 'worker-1'],
  ]);
  expect(queue.table.tableName).toBe('queue_jobs_scope_slots');
  await pool.end();
});

it('Connection faults and error mapping', async () => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, application_name: 'my-app' });
  const db = toSqlDatabase(pool);
  const refused = await db.query('SELECT $1::jsonb', ['{"a":"\\u0000"}']).catch((error) => error);
  expect(ValidationError.isInstance(refused)).toBe(true);
  const terminated = await db
    .transaction(async (tx) => {
      await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
    })
    .catch((error) => error);
  expect(PostgresConnectionError.isInstance(terminated)).toBe(true);
  expect((await db.query('SELECT 1')).rowCount).toBe(1);
  await pool.end();
});
