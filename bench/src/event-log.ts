import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RuntimeEvent, ZERO_USAGE } from '@agent-runtime/core';
import { InMemoryEventLog } from '@agent-runtime/events';
import { createPostgresStores, PostgresEventLog } from '@agent-runtime/store-postgres';
import pg from 'pg';
import type { Benchmark } from './benchmark';
import { percentile, type Row } from './harness';
import { kernelJobs } from './kernel-overhead/kernel-job';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const APPENDERS = 10;

function row(
  name: string,
  n: number,
  fields: { p50?: number; p99?: number; perSec?: number; ratio?: number },
): Row {
  const fixed = (value: number | undefined, digits: number) =>
    value === undefined ? '-' : Number(value.toFixed(digits));
  return {
    case: name,
    n,
    'p50 ms': fixed(fields.p50, 3),
    'p99 ms': fixed(fields.p99, 3),
    'events/s': fields.perSec === undefined ? '-' : Math.round(fields.perSec),
    'vs off': fixed(fields.ratio, 2),
  };
}

const modelDone = {
  step: 1,
  provider: 'bench',
  model: 'bench',
  text: 'done',
  toolCalls: [],
  finishReason: 'stop',
  usage: ZERO_USAGE,
  cost: '0',
  durationMs: 1,
};
const finalResult = { content: 'done', usage: { ...ZERO_USAGE, totalCost: '0' }, turns: 1 };

/** One model step's events: `tokens` token deltas, then `model.done` and `progress`. */
function stepEvents(jobId: string, tokens: number): RuntimeEvent[] {
  const token = (i: number) =>
    new RuntimeEvent({ type: 'model.token', jobId, data: { step: 1, delta: `tok${i} ` } });
  return [
    ...Array.from({ length: tokens }, (_, i) => token(i)),
    new RuntimeEvent({ type: 'model.done', jobId, data: modelDone }),
    new RuntimeEvent({ type: 'progress', jobId, data: { progress: 0.5 } }),
  ];
}

/** APPENDERS jobs appended to at once, each `batches` appends of `batchSize`-event steps (or single events). */
async function appendThroughput(
  log: PostgresEventLog,
  batches: number,
  tokensPerStep: number | 0,
): Promise<Row> {
  const started = performance.now();
  const samples: number[] = [];
  let events = 0;
  await Promise.all(
    Array.from({ length: APPENDERS }, async () => {
      const jobId = `job-${randomUUID()}`;
      for (let i = 0; i < batches; i++) {
        const batch =
          tokensPerStep === 0
            ? [new RuntimeEvent({ type: 'progress', jobId, data: { progress: 0 } })]
            : stepEvents(jobId, tokensPerStep);
        const start = performance.now();
        await log.append(batch);
        samples.push(performance.now() - start);
        events += batch.length;
      }
    }),
  );
  const wallMs = performance.now() - started;
  const what =
    tokensPerStep === 0 ? 'one event per append' : `one step (${tokensPerStep + 2} events) per append`;
  return row(`append, ${APPENDERS} jobs at once, ${what} (p50/p99 per append)`, events, {
    p50: percentile(samples, 0.5),
    p99: percentile(samples, 0.99),
    perSec: (events * 1000) / wallMs,
  });
}

/** Appends one event every `gapMs` here; a follower in another process reports each one's delay. */
async function followerLatency(
  schema: string,
  tableName: string,
  count: number,
  gapMs: number,
): Promise<Row> {
  const log = new PostgresEventLog(appendPool(), { schema, tableName });
  const jobId = `job-${randomUUID()}`;
  const follower = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./event-log/follower.ts', import.meta.url)),
      POSTGRES_URL,
      schema,
      tableName,
      jobId,
    ],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: follower.stdout! })[Symbol.asyncIterator]();
  const next = async () =>
    JSON.parse((await lines.next()).value as string) as { ready?: true; latencies?: number[] };
  try {
    await log.append([new RuntimeEvent({ type: 'job.started', jobId })]);
    await next(); // ready: it follows and LISTENs
    for (let i = 0; i < count; i++) {
      await log.append([
        new RuntimeEvent({
          type: 'progress',
          jobId,
          // the follower reads the send time back from the message
          data: { progress: (i + 1) / count, message: String(performance.timeOrigin + performance.now()) },
        }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    await log.append([new RuntimeEvent({ type: 'final.result', jobId, data: finalResult })]);
    const { latencies = [] } = await next();
    return row('append → follower in another process (LISTEN/NOTIFY)', latencies.length, {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
    });
  } finally {
    if (follower.exitCode === null) follower.kill('SIGKILL');
  }
}

const pools: pg.Pool[] = [];
function appendPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: APPENDERS });
  pools.push(pool);
  return pool;
}

/**
 * The kernel-overhead job (a tool call, then 50 streamed tokens) on PostgreSQL stores, its event log on or off;
 * the two kernels take turns job by job, so load on the machine hits both alike.
 */
async function kernelCost(schema: string, jobs: number, warmup: number): Promise<Row[]> {
  const { migrate, ...stores } = createPostgresStores(appendPool(), { schema });
  await migrate();
  const off = kernelJobs('log off', { ...stores, eventLog: new InMemoryEventLog() });
  const on = kernelJobs('log on', stores);
  const times = { off: [] as number[], on: [] as number[] };
  for (let i = 0; i < warmup + jobs; i++) {
    for (const [name, kernel] of [
      ['off', off],
      ['on', on],
    ] as const) {
      const start = performance.now();
      await kernel.runJob();
      if (i >= warmup) times[name].push(performance.now() - start);
    }
  }
  await Promise.all([off.close(), on.close()]);
  const offP50 = percentile(times.off, 0.5);
  const perJob = (name: string, samples: number[]) =>
    row(name, jobs, {
      p50: percentile(samples, 0.5),
      p99: percentile(samples, 0.99),
      ratio: percentile(samples, 0.5) / offP50,
    });
  return [
    perJob('kernel job on PostgreSQL stores, InMemoryEventLog (log off)', times.off),
    perJob('kernel job on PostgreSQL stores, PostgresEventLog (log on)', times.on),
  ];
}

export const eventLog: Benchmark = {
  name: 'event-log',
  async run({ smoke }) {
    const schema = `bench_events_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const table = 'runtime_events';
    const log = new PostgresEventLog(appendPool(), { schema, tableName: table });
    await log.migrate();
    try {
      const rows = [
        await appendThroughput(log, smoke ? 2 : 200, 0),
        await appendThroughput(log, smoke ? 2 : 100, 50),
        await followerLatency(schema, table, smoke ? 5 : 500, smoke ? 1 : 5),
        ...(await kernelCost(schema, smoke ? 3 : 300, smoke ? 1 : 20)),
      ];
      return {
        title: 'Event log: append throughput, cross-process follower latency, kernel cost (PostgreSQL)',
        rows,
        notes: [
          `Append: ${APPENDERS} jobs appended to concurrently over a pool of ${APPENDERS}; events/s over the wall time.`,
          'Latency: one event appended every 5 ms in this process; a follower process (its own pool, polling off) reports arrival minus `sentAt` (same machine clock).',
          'Kernel: the kernel-overhead job (a tool call, 50 streamed tokens) on the same PostgreSQL stores, the two kernels taking turns job by job; only the event log differs. "vs off" is the p50 ratio.',
        ],
      };
    } finally {
      await pools[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(pools.splice(0).map((pool) => pool.end()));
    }
  },
};
