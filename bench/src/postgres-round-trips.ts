import { randomUUID } from 'node:crypto';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import type { Benchmark } from './benchmark';
import { percentile, type Row } from './harness';
import { kernelJobs } from './kernel-overhead/kernel-job';
import {
  addCount,
  countingStatements,
  type StatementCount,
  statementTotal,
  synchronousCommits,
} from './statement-counter';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The two `synchronousCommit` settings of `createPostgresStores`, each a kernel of its own. */
const SETTINGS = ['always', 'durability-points'] as const;
type Setting = (typeof SETTINGS)[number];

/**
 * The kernel-overhead job on an in-memory kernel and on PostgreSQL stores (jobs, actions, ledger, budgets,
 * event log: `createPostgresStores`) with each `synchronousCommit` setting, taking turns job by job; every
 * statement a PostgreSQL kernel sends during its jobs is counted by kind.
 */
export const postgresRoundTrips: Benchmark = {
  name: 'postgres-round-trips',
  async run({ smoke }) {
    const jobs = smoke ? 5 : Number(process.env.BENCH_ROUND_TRIP_JOBS ?? 300);
    const warmup = smoke ? 1 : 20;
    const schema = `bench_trips_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
    await createPostgresStores(pool, { schema }).migrate();
    const memory = kernelJobs('in-memory');
    const durable = Object.fromEntries(
      SETTINGS.map((synchronousCommit) => {
        const { migrate: _, ...stores } = createPostgresStores(pool, { schema, synchronousCommit });
        return [synchronousCommit, kernelJobs(`postgres, ${synchronousCommit}`, stores)];
      }),
    ) as Record<Setting, ReturnType<typeof kernelJobs>>;
    const times = { memory: [] as number[], always: [] as number[], 'durability-points': [] as number[] };
    const counted = Object.fromEntries(
      SETTINGS.map((setting) => [setting, { statements: new Map(), commits: 0 }]),
    ) as Record<Setting, StatementCount>;
    try {
      for (let i = 0; i < warmup + jobs; i++) {
        const timed = i >= warmup;
        const start = performance.now();
        await memory.runJob();
        if (timed) times.memory.push(performance.now() - start);
        for (const setting of SETTINGS) {
          const begun = performance.now();
          const { count } = await countingStatements(() => durable[setting].runJob());
          if (!timed) continue;
          times[setting].push(performance.now() - begun);
          addCount(counted[setting], count);
        }
      }
    } finally {
      await Promise.all([memory.close(), ...SETTINGS.map((setting) => durable[setting].close())]);
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
    const memoryP50 = percentile(times.memory, 0.5);
    const row = (name: string, count: StatementCount | undefined, samples: number[]): Row => ({
      case: name,
      jobs,
      'round trips per job': Number(((count ? statementTotal(count) : 0) / jobs).toFixed(1)),
      'commits per job': Number(((count?.commits ?? 0) / jobs).toFixed(1)),
      'synchronous commits per job': Number(((count ? synchronousCommits(count) : 0) / jobs).toFixed(1)),
      'p50 ms': Number(percentile(samples, 0.5).toFixed(3)),
      'p99 ms': Number(percentile(samples, 0.99).toFixed(3)),
      'p50 vs in-memory': `${(percentile(samples, 0.5) / memoryP50).toFixed(2)}×`,
    });
    const byKind = ({ statements, commits }: StatementCount) =>
      [...statements]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, count]) => `${kind} ${(count / jobs).toFixed(1)}`)
        .concat(`commits ${(commits / jobs).toFixed(1)}`)
        .join(', ');
    return {
      title: 'Durable kernel: PostgreSQL round trips per job, and p50 next to the in-memory kernel',
      rows: [
        row('kernel, in-memory stores', undefined, times.memory),
        ...SETTINGS.map((setting) =>
          row(
            `kernel on PostgreSQL (createPostgresStores: jobs, actions, ledger, budgets, event log), synchronousCommit '${setting}'`,
            counted[setting],
            times[setting],
          ),
        ),
      ],
      notes: [
        'The kernel-overhead job (prompt → tool call → 50 streamed tokens); the three kernels (in-memory, ' +
          `'always', 'durability-points') take turns job by job, ${warmup} warm-up rounds, so machine load hits ` +
          'all alike. Round trips = statements sent by any pg ' +
          "client of the process while the PostgreSQL kernel's job ran (counted at `pg.Client.prototype.query`; " +
          'a transaction is BEGIN + its statements + COMMIT). Commits = COMMITs plus writing statements sent ' +
          'outside a transaction; synchronous commits = those that wait for the WAL flush (~0.8 ms each here): ' +
          "all of them with 'always', the durability points only with 'durability-points' (the others turn " +
          'synchronous_commit off for their own transaction).',
        ...SETTINGS.map((setting) => `Per job, '${setting}', by kind: ${byKind(counted[setting])}.`),
      ],
    };
  },
};
