import { JobManager, JobRecord, JobStatus } from '@agent-runtime/jobs';
import { createPostgresStores, type PostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import PgBoss from 'pg-boss';

export const POSTGRES_URL =
  process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const POOL_SIZE = 10;
const CLAIM = { workerId: 'bench', limit: 1, leaseMs: 30_000 };

/** One side of the comparison: a lifecycle is a sequence of named operations on one job. */
export interface Contender {
  name: string;
  /** Which peer row this one does the same operations as. */
  comparableTo: string;
  operations: string[];
  /** Runs one lifecycle, reporting each operation's duration in ms in `operations` order. */
  lifecycle(): Promise<number[]>;
  close(): Promise<void>;
}

/** The first job `take` returns, asking again while the queue is momentarily empty (at most 60 s). */
async function firstTaken<T>(take: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + 60_000;
  for (;;) {
    const taken = await take();
    if (taken !== undefined) return taken;
    if (Date.now() > end) throw new Error('no job to take within 60 s');
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function schemaName(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
}

/** PostgreSQL stores on a schema of their own and a pool of `POOL_SIZE`. */
async function ownStores(): Promise<{ stores: PostgresStores; close(): Promise<void> }> {
  const schema = schemaName('bench_ar');
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: POOL_SIZE });
  const stores = createPostgresStores(pool, { schema });
  await stores.migrate();
  return {
    stores,
    async close() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

/** JobManager over PostgresJobStore, create → start → progress → complete (the row of earlier runs). */
export async function createThenStart(): Promise<Contender> {
  const own = await ownStores();
  const jobs = new JobManager(own.stores.jobStore);
  return {
    name: 'agent-runtime JobManager (create, start)',
    comparableTo: 'earlier runs of this row',
    operations: ['create', 'start', 'progress', 'complete'],
    async lifecycle() {
      let jobId = '';
      return [
        await timed(async () => {
          jobId = (await jobs.create({ scopeId: 'bench' })).jobId;
        }),
        await timed(() => jobs.start(jobId)),
        await timed(() => jobs.updateProgress(jobId, 0.5, { turn: 1 })),
        await timed(() => jobs.complete(jobId, { resultRef: 'done' })),
      ];
    },
    close: own.close,
  };
}

/** JobManager over PostgresJobStore, the kernel's `execute` path: createStarted → progress → complete. */
export async function createdRunning(): Promise<Contender> {
  const own = await ownStores();
  const jobs = new JobManager(own.stores.jobStore);
  return {
    name: 'agent-runtime JobManager (createStarted)',
    comparableTo: 'the kernel’s execute path',
    operations: ['create running', 'progress', 'complete'],
    async lifecycle() {
      let jobId = '';
      return [
        await timed(async () => {
          jobId = (await jobs.createStarted({ scopeId: 'bench' })).job.jobId;
        }),
        await timed(() => jobs.updateProgress(jobId, 0.5, { turn: 1 })),
        await timed(() => jobs.complete(jobId, { resultRef: 'done' })),
      ];
    },
    close: own.close,
  };
}

/**
 * PostgresJobQueue: enqueue → claim → complete, pg-boss's three operations. Complete is the compare-and-set
 * of the claimed record (what `JobManager.complete` writes from a record it knows).
 */
export async function queue(): Promise<Contender> {
  const own = await ownStores();
  const { jobQueue, jobStore } = own.stores;
  return {
    name: 'agent-runtime PostgresJobQueue',
    comparableTo: 'pg-boss 10',
    operations: ['enqueue', 'claim', 'complete'],
    async lifecycle() {
      let job: JobRecord | undefined;
      const enqueue = await timed(() => jobQueue.enqueue(JobRecord.create({ scopeId: 'bench' })));
      // with concurrent workers a claim may find the queue momentarily empty; the retry counts in its time
      const claim = await timed(async () => {
        job = await firstTaken(async () => (await jobQueue.claim(CLAIM))[0]);
      });
      const claimed = job!;
      const complete = await timed(() =>
        jobStore.update(claimed.withProgress(1).withResult('done').transitionTo(JobStatus.SUCCEEDED)),
      );
      return [enqueue, claim, complete];
    },
    close: own.close,
  };
}

/** pg-boss on the same database and pool size: send → fetch → complete. */
export async function pgBoss(): Promise<Contender> {
  const schema = schemaName('bench_boss');
  const boss = new PgBoss({
    connectionString: POSTGRES_URL,
    schema,
    max: POOL_SIZE,
    supervise: false,
    schedule: false,
  });
  boss.on('error', (error) => console.error('pg-boss:', error));
  await boss.start();
  const name = 'lifecycle';
  await boss.createQueue(name);
  return {
    name: 'pg-boss 10',
    comparableTo: 'agent-runtime PostgresJobQueue',
    operations: ['send', 'fetch', 'complete'],
    async lifecycle() {
      let jobId = '';
      const send = await timed(() => boss.send(name, { scopeId: 'bench' }));
      // with concurrent workers a fetch may find the queue momentarily empty; the retry counts in its time
      const fetch = await timed(async () => {
        jobId = (await firstTaken(async () => (await boss.fetch(name))[0])).id;
      });
      const complete = await timed(() => boss.complete(name, jobId));
      return [send, fetch, complete];
    },
    async close() {
      await boss.stop({ graceful: false, wait: true });
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
