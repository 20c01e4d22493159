import { randomUUID } from 'node:crypto';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import type { Benchmark } from './benchmark';
import { percentile, type Row } from './harness';
import { kernelJobs } from './kernel-overhead/kernel-job';
import { addCount, countingStatements, type StatementCount, statementTotal } from './statement-counter';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The kernel-overhead job on an in-memory kernel and on PostgreSQL stores (jobs, actions, ledger, budgets,
 * event log: `createPostgresStores`), taking turns job by job; every statement the PostgreSQL kernel sends
 * during its jobs is counted by kind.
 */
export const postgresRoundTrips: Benchmark = {
  name: 'postgres-round-trips',
  async run({ smoke }) {
    const jobs = smoke ? 5 : Number(process.env.BENCH_ROUND_TRIP_JOBS ?? 300);
    const warmup = smoke ? 1 : 20;
    const schema = `bench_trips_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
    const { migrate, ...stores } = createPostgresStores(pool, { schema });
    await migrate();
    const memory = kernelJobs('in-memory');
    const durable = kernelJobs('postgres', stores);
    const times = { memory: [] as number[], durable: [] as number[] };
    const counted: StatementCount = { statements: new Map(), commits: 0 };
    try {
      for (let i = 0; i < warmup + jobs; i++) {
        const timed = i >= warmup;
        let start = performance.now();
        await memory.runJob();
        if (timed) times.memory.push(performance.now() - start);
        start = performance.now();
        const { count } = await countingStatements(() => durable.runJob());
        if (timed) times.durable.push(performance.now() - start);
        if (timed) addCount(counted, count);
      }
    } finally {
      await Promise.all([memory.close(), durable.close()]);
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
    const { statements, commits } = counted;
    const total = statementTotal(counted);
    const memoryP50 = percentile(times.memory, 0.5);
    const row = (name: string, trips: number, writes: number, samples: number[]): Row => ({
      case: name,
      jobs,
      'round trips per job': Number((trips / jobs).toFixed(1)),
      'commits per job': Number((writes / jobs).toFixed(1)),
      'p50 ms': Number(percentile(samples, 0.5).toFixed(3)),
      'p99 ms': Number(percentile(samples, 0.99).toFixed(3)),
      'p50 vs in-memory': `${(percentile(samples, 0.5) / memoryP50).toFixed(2)}×`,
    });
    const byKind = [...statements]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, count]) => `${kind} ${(count / jobs).toFixed(1)}`);
    return {
      title: 'Durable kernel: PostgreSQL round trips per job, and p50 next to the in-memory kernel',
      rows: [
        row('kernel, in-memory stores', 0, 0, times.memory),
        row(
          'kernel on PostgreSQL (createPostgresStores: jobs, actions, ledger, budgets, event log)',
          total,
          commits,
          times.durable,
        ),
      ],
      notes: [
        'The kernel-overhead job (prompt → tool call → 50 streamed tokens); the two kernels take turns job by job, ' +
          `${warmup} warm-up rounds, so machine load hits both alike. Round trips = statements sent by any pg ` +
          "client of the process while the PostgreSQL kernel's job ran (counted at `pg.Client.prototype.query`; " +
          'a transaction is BEGIN + its statements + COMMIT). Commits = COMMITs plus writing statements sent ' +
          'outside a transaction (each one a WAL flush on the server, 2–3 ms here; reads cost far less).',
        `Per job, by kind: ${byKind.join(', ')}; commits ${(commits / jobs).toFixed(1)}.`,
      ],
    };
  },
};
