import { JobManager } from '@agent-runtime/jobs';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Benchmark } from './benchmark';
import { percentile, type Row } from './harness';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const POOL_SIZE = 10;

/** One side of the comparison: a lifecycle is a sequence of named operations on one job. */
interface Contender {
  name: string;
  operations: string[];
  /** Runs one lifecycle, reporting each operation's duration in ms in `operations` order. */
  lifecycle(): Promise<number[]>;
  close(): Promise<void>;
}

interface RunResult {
  lifecyclesPerSec: number;
  /** Per operation, then the whole lifecycle: every sample in ms. */
  samples: number[][];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function schemaName(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
}

/** agent-runtime: JobManager over PostgresJobStore, create → start → progress → complete. */
async function agentRuntime(): Promise<Contender> {
  const schema = schemaName('bench_ar');
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: POOL_SIZE });
  const stores = createPostgresStores(pool, { schema });
  await stores.migrate();
  const jobs = new JobManager(stores.jobStore);
  return {
    name: 'agent-runtime PostgresJobStore',
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
    async close() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

/** pg-boss on the same database and pool size: send → fetch → complete. */
async function pgBoss(): Promise<Contender> {
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
  const queue = 'lifecycle';
  await boss.createQueue(queue);
  return {
    name: 'pg-boss 10',
    operations: ['send', 'fetch', 'complete'],
    async lifecycle() {
      let jobId = '';
      const send = await timed(() => boss.send(queue, { scopeId: 'bench' }));
      // With concurrent workers a fetch may find the queue momentarily empty; the retry counts in its time.
      const fetch = await timed(async () => {
        let job: PgBoss.Job | undefined;
        while (!job) [job] = await boss.fetch(queue);
        jobId = job.id;
      });
      const complete = await timed(() => boss.complete(queue, jobId));
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

/** `lifecycles` lifecycles over `workers` concurrent workers (one per pooled connection), after a warm-up. */
async function run(
  contender: Contender,
  lifecycles: number,
  warmup: number,
  workers: number,
): Promise<RunResult> {
  for (let i = 0; i < warmup; i++) await contender.lifecycle();
  const samples: number[][] = [...contender.operations, 'lifecycle'].map(() => []);
  let remaining = lifecycles;
  const worker = async () => {
    while (remaining-- > 0) {
      const durations = await contender.lifecycle();
      for (const [i, ms] of durations.entries()) samples[i]!.push(ms);
      samples[durations.length]!.push(durations.reduce((a, b) => a + b, 0));
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  return { lifecyclesPerSec: (lifecycles * 1000) / (performance.now() - start), samples };
}

function rowsOf(contender: Contender, result: RunResult, baseline: RunResult): Row[] {
  const row = (operation: string, samples: number[], throughput: string | number, ratio: string): Row => ({
    system: contender.name,
    operation,
    'p50 ms': Number(percentile(samples, 0.5).toFixed(3)),
    'p99 ms': Number(percentile(samples, 0.99).toFixed(3)),
    'lifecycles/s': throughput,
    'throughput vs pg-boss': ratio,
  });
  const ratio = `${(result.lifecyclesPerSec / baseline.lifecyclesPerSec).toFixed(2)}×`;
  return [
    ...contender.operations.map((op, i) => row(op, result.samples[i]!, '-', '-')),
    row('whole lifecycle', result.samples.at(-1)!, Math.round(result.lifecyclesPerSec), ratio),
  ];
}

export const postgresLifecycle: Benchmark = {
  name: 'postgres-lifecycle',
  async run({ smoke }) {
    const lifecycles = smoke ? 30 : Number(process.env.BENCH_LIFECYCLES ?? 3000);
    const warmup = smoke ? 3 : 100;
    const ours = await agentRuntime();
    const boss = await pgBoss();
    try {
      const bossResult = await run(boss, lifecycles, warmup, POOL_SIZE);
      const oursResult = await run(ours, lifecycles, warmup, POOL_SIZE);
      return {
        title: 'Job lifecycle on PostgreSQL: agent-runtime vs pg-boss',
        rows: [...rowsOf(ours, oursResult, bossResult), ...rowsOf(boss, bossResult, bossResult)],
        notes: [
          `${lifecycles} lifecycles per system after ${warmup} warm-up, ${POOL_SIZE} concurrent workers over a pg.Pool of ${POOL_SIZE}, database ${new URL(POSTGRES_URL).pathname.slice(1)} on ${new URL(POSTGRES_URL).host}.`,
          'agent-runtime: JobManager over PostgresJobStore, create → start → progress → complete; each transition is one compare-and-set `UPDATE … WHERE version = $v RETURNING *` from the record the manager last wrote (a re-read only on a version conflict).',
          'pg-boss: send → fetch (SKIP LOCKED; retried while the queue is momentarily empty) → complete, with its supervisor and scheduler off.',
          'p50/p99 are per operation as seen by one worker under that concurrency; "whole lifecycle" sums one lifecycle’s operations.',
        ],
      };
    } finally {
      await ours.close();
      await boss.close();
    }
  },
};
