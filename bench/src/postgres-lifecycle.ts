import { loadavg } from 'node:os';
import type { Benchmark } from './benchmark';
import { percentile, type Row } from './harness';
import {
  type Contender,
  createdRunning,
  createThenStart,
  POOL_SIZE,
  POSTGRES_URL,
  pgBoss,
  queue,
} from './postgres-lifecycle/contenders';
import { addCount, countingStatements, type StatementCount, statementTotal } from './statement-counter';

/** One contender's turns: lifecycles/s of each, every operation's samples, what its statements were. */
interface Turns {
  lifecyclesPerSec: number[];
  /** Per operation, then the whole lifecycle: every sample in ms. */
  samples: number[][];
  count: StatementCount;
  lifecycles: number;
}

/** `lifecycles` lifecycles over `workers` concurrent workers (one per pooled connection); lifecycles/s. */
async function turn(contender: Contender, lifecycles: number, workers: number, into: Turns): Promise<void> {
  let remaining = lifecycles;
  const worker = async () => {
    while (remaining-- > 0) {
      const durations = await contender.lifecycle();
      for (const [i, ms] of durations.entries()) into.samples[i]!.push(ms);
      into.samples[durations.length]!.push(durations.reduce((a, b) => a + b, 0));
    }
  };
  const start = performance.now();
  const { count } = await countingStatements(() => Promise.all(Array.from({ length: workers }, worker)));
  into.lifecyclesPerSec.push((lifecycles * 1000) / (performance.now() - start));
  addCount(into.count, count);
  into.lifecycles += lifecycles;
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

function rowsOf(contender: Contender, turns: Turns, baseline: Turns): Row[] {
  const perLifecycle = (n: number) => Number((n / turns.lifecycles).toFixed(2));
  const row = (operation: string, samples: number[], whole: boolean): Row => ({
    system: contender.name,
    operation,
    'p50 ms': Number(percentile(samples, 0.5).toFixed(3)),
    'p99 ms': Number(percentile(samples, 0.99).toFixed(3)),
    'lifecycles/s (median turn)': whole ? Math.round(median(turns.lifecyclesPerSec)) : '-',
    'vs pg-boss': whole
      ? `${(median(turns.lifecyclesPerSec) / median(baseline.lifecyclesPerSec)).toFixed(2)}×`
      : '-',
    'statements per lifecycle': whole ? perLifecycle(statementTotal(turns.count)) : '-',
    'commits per lifecycle': whole ? perLifecycle(turns.count.commits) : '-',
    'comparable to': whole ? contender.comparableTo : '-',
  });
  return [
    ...contender.operations.map((op, i) => row(op, turns.samples[i]!, false)),
    row('whole lifecycle', turns.samples.at(-1)!, true),
  ];
}

function load(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
}

export const postgresLifecycle: Benchmark = {
  name: 'postgres-lifecycle',
  async run({ smoke }) {
    const lifecycles = smoke ? 30 : Number(process.env.BENCH_LIFECYCLES ?? 3000);
    const rounds = smoke ? 2 : Number(process.env.BENCH_LIFECYCLE_ROUNDS ?? 6);
    const warmup = smoke ? 3 : 100;
    const perTurn = Math.max(1, Math.round(lifecycles / rounds));
    const loadBefore = load();
    const contenders = [await pgBoss(), await createThenStart(), await createdRunning(), await queue()];
    try {
      for (const contender of contenders) for (let i = 0; i < warmup; i++) await contender.lifecycle();
      const turns = contenders.map(
        (c): Turns => ({
          lifecyclesPerSec: [],
          samples: [...c.operations, 'lifecycle'].map(() => []),
          count: { statements: new Map(), commits: 0 },
          lifecycles: 0,
        }),
      );
      for (let round = 0; round < rounds; round++)
        // each round in another order, so no contender always runs right after the same one
        for (let k = 0; k < contenders.length; k++) {
          const i = (round + k) % contenders.length;
          await turn(contenders[i]!, perTurn, POOL_SIZE, turns[i]!);
        }
      const [boss] = turns;
      return {
        title: 'Job lifecycle on PostgreSQL: agent-runtime vs pg-boss, taking turns',
        rows: contenders.flatMap((c, i) => rowsOf(c, turns[i]!, boss!)),
        notes: [
          `${rounds} rounds; in each, every system runs ${perTurn} lifecycles in turn (the order rotating), ${POOL_SIZE} concurrent workers over a pg.Pool of ${POOL_SIZE}, after ${warmup} warm-up lifecycles each; database ${new URL(POSTGRES_URL).pathname.slice(1)} on ${new URL(POSTGRES_URL).host}. lifecycles/s is the median of a system's turns. Load average (1 / 5 / 15 min): ${loadBefore} before, ${load()} after.`,
          'Statements and commits are counted at `pg.Client.prototype.query` for every client of the process during a system’s turns (commits = COMMITs plus writing statements outside a transaction: a WAL flush each); they do not depend on load.',
          'Comparable rows: `PostgresJobQueue` (enqueue → claim → complete) does pg-boss’s three operations (send → fetch → complete). `JobManager (create, start)` is the row of earlier runs (create queued, then start: two writes before the job runs). `JobManager (createStarted)` is what the kernel’s `execute` now does: the job created running in one write, then progress and complete.',
          'JobManager transitions are compare-and-set `UPDATE … WHERE version = $v RETURNING *` from the record the manager last wrote; the queue’s complete is the same compare-and-set on the claimed record. pg-boss runs with its supervisor and scheduler off; a fetch or claim that finds the queue momentarily empty asks again, in its time.',
          'p50/p99 are per operation as seen by one worker under that concurrency; "whole lifecycle" sums one lifecycle’s operations.',
        ],
      };
    } finally {
      for (const contender of contenders) await contender.close();
    }
  },
};
