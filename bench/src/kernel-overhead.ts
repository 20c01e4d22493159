import type { Benchmark } from './benchmark';
import { heapUsedMb, percentile, type Row } from './harness';
import { bareAiSdk } from './kernel-overhead/bare-ai-sdk';
import type { JobRunner } from './kernel-overhead/job-runner';
import { kernelInMemory } from './kernel-overhead/kernel-in-memory';
import { kernelPGlite } from './kernel-overhead/kernel-pglite';
import { langGraphAgent } from './kernel-overhead/langgraph';
import { mastraAgent } from './kernel-overhead/mastra';
import { openaiAgents } from './kernel-overhead/openai-agents';
import { REPLY_TOKENS } from './kernel-overhead/workload';

/** Every row, baseline first. */
export const kernelOverheadRows: readonly JobRunner[] = [
  bareAiSdk,
  kernelInMemory,
  kernelPGlite,
  langGraphAgent,
  mastraAgent,
  openaiAgents,
];

/** Rows that also run the long (heap after 100k jobs) pass in the full run. */
const LONG_ROWS = new Set([bareAiSdk.row, kernelInMemory.row]);

interface Plan {
  warmup: number;
  jobs: number;
  longJobs: number;
}

interface Pass {
  samples: number[];
  elapsedMs: number;
  /** Heap the runtime retains after the pass (its heap after a forced GC minus the heap before its setup). */
  retainedMb: number;
}

/** Sets a fresh runtime up, runs `warmup` then `jobs` jobs one after another, measures, closes it. */
async function runPass(runner: JobRunner, warmup: number, jobs: number): Promise<Pass> {
  const heapBefore = heapUsedMb();
  const running = await runner.setup();
  try {
    for (let i = 0; i < warmup; i++) await running.runJob();
    const samples = new Array<number>(jobs);
    const started = performance.now();
    for (let i = 0; i < jobs; i++) {
      const start = performance.now();
      await running.runJob();
      samples[i] = performance.now() - start;
    }
    const elapsedMs = performance.now() - started;
    return { samples, elapsedMs, retainedMb: heapUsedMb() - heapBefore };
  } finally {
    await running.close();
  }
}

const mb = (value: number) => Number(value.toFixed(1));
const ms = (value: number) => Number(value.toFixed(3));

async function measureRow(runner: JobRunner, plan: Plan, baselineP50: number | undefined): Promise<Row> {
  try {
    const pass = await runPass(runner, plan.warmup, plan.jobs);
    const p50 = percentile(pass.samples, 0.5);
    const reference = runner === bareAiSdk ? p50 : baselineP50;
    const long =
      plan.longJobs > 0 && LONG_ROWS.has(runner.row) ? await runPass(runner, 0, plan.longJobs) : undefined;
    return {
      row: runner.row,
      jobs: plan.jobs,
      'jobs/s': Math.round((plan.jobs * 1000) / pass.elapsedMs),
      'p50 ms': ms(p50),
      'p99 ms': ms(percentile(pass.samples, 0.99)),
      'p50 vs (a)': reference === undefined ? '-' : `${(p50 / reference).toFixed(2)}×`,
      [`heap after ${plan.jobs.toLocaleString('en-US')} jobs, MB`]: mb(pass.retainedMb),
      [longHeapColumn(plan)]: long ? mb(long.retainedMb) : '-',
    };
  } catch (error) {
    return failedRow(runner, plan, error);
  }
}

/** A row that could not run keeps its place, with the reason. */
function failedRow(runner: JobRunner, plan: Plan, error: unknown): Row {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    row: `${runner.row}: could not run (${reason.split('\n')[0]!.slice(0, 160)})`,
    jobs: plan.jobs,
    'jobs/s': '-',
    'p50 ms': '-',
    'p99 ms': '-',
    'p50 vs (a)': '-',
    [`heap after ${plan.jobs.toLocaleString('en-US')} jobs, MB`]: '-',
    [longHeapColumn(plan)]: '-',
  };
}

function longHeapColumn(plan: Plan): string {
  return `heap after ${plan.longJobs > 0 ? plan.longJobs.toLocaleString('en-US') : '100,000'} jobs, MB`;
}

function smokeOr(plan: Plan): string {
  return plan.jobs < 1_000 ? 'full run only' : 'not run (BENCH_KERNEL_LONG_JOBS=0)';
}

function planFor(smoke: boolean): Plan {
  const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  return smoke
    ? { warmup: 3, jobs: 20, longJobs: 0 }
    : {
        warmup: 200,
        jobs: env('BENCH_KERNEL_JOBS', 10_000),
        longJobs: env('BENCH_KERNEL_LONG_JOBS', 100_000),
      };
}

export const kernelOverhead: Benchmark = {
  name: 'kernel-overhead',
  async run({ smoke }) {
    const plan = planFor(smoke);
    const rows: Row[] = [];
    let baselineP50: number | undefined;
    for (const runner of kernelOverheadRows) {
      const row = await measureRow(runner, plan, baselineP50);
      if (!smoke) console.error(`kernel-overhead: ${runner.row}: ${row['p50 ms']} ms p50`);
      if (runner === bareAiSdk && typeof row['p50 ms'] === 'number') baselineP50 = row['p50 ms'];
      rows.push(row);
    }
    return {
      title: 'Kernel overhead: one job (prompt → tool call → 50-token streamed reply) per runtime',
      rows,
      notes: [
        `Each row: a fresh runtime, ${plan.warmup} warm-up jobs, then ${plan.jobs} jobs one after another; ` +
          'a job is one prompt, one `get_weather` tool call and a streamed reply of ' +
          `${REPLY_TOKENS} word-sized tokens, checked (tool ran once, exact reply) on every job.`,
        'Rows (a), (b), (c), (e), (f) run on the same stateless AI SDK `MockLanguageModelV4` (no delays).',
        'jobs/s = jobs / wall time of the sequential run; p50 vs (a) = the row’s median latency over the bare ' +
          '`streamText` median of this run.',
        'Heap = heap used after a forced GC with the runtime still open, minus the heap before it was set up: ' +
          'what the runtime retains (in-memory stores and checkpointers keep every job).',
        plan.longJobs > 0
          ? `Heap after ${plan.longJobs.toLocaleString('en-US')} jobs: rows (a) and (b) only (a second, fresh runtime).`
          : `Heap after 100k jobs: ${smokeOr(plan)}.`,
        'Row (c) keeps its rows in PGlite’s WebAssembly memory, which `heapUsed` does not count.',
        ...kernelOverheadRows.flatMap((r) =>
          r.substitute ? [`${r.row.split(' ')[0]}: ${r.substitute}`] : [],
        ),
      ],
    };
  },
};
