import type { Benchmark } from './benchmark';
import { percentile, type Row } from './harness';
import { agentRuntimeWorkers } from './workers/agent-runtime-workers';
import { graphileWorkers, pgBossWorkers } from './workers/peers';
import { queueWorkers } from './workers/queue-workers';
import { startLatencies, throughput, type WorkerSystem } from './workers/workload';

const CONCURRENCY = 8;

async function measured(open: () => Promise<WorkerSystem>, jobs: number, latencyJobs: number) {
  const system = await open();
  try {
    const jobsPerSec = jobs > 0 ? await throughput(system, jobs) : undefined;
    const latencies = latencyJobs > 0 ? await startLatencies(system, latencyJobs) : [];
    return { jobsPerSec, latencies };
  } finally {
    await system.close();
  }
}

function row(
  system: string,
  workers: string,
  { jobsPerSec, latencies }: Awaited<ReturnType<typeof measured>>,
): Row {
  const ms = (p: number) => (latencies.length > 0 ? Number(percentile(latencies, p).toFixed(1)) : '-');
  return {
    system,
    workers,
    'jobs/s': jobsPerSec === undefined ? '-' : Math.round(jobsPerSec),
    'submit→start p50 ms': ms(0.5),
    'submit→start p99 ms': ms(0.99),
  };
}

export const workers: Benchmark = {
  name: 'workers',
  async run({ smoke }) {
    const jobs = smoke ? 40 : Number(process.env.BENCH_WORKER_JOBS ?? 1000);
    const latencyJobs = smoke ? 5 : 200;
    const pollingJobs = smoke ? 2 : 30;
    const ours =
      (processes: number, listen = true) =>
      () =>
        agentRuntimeWorkers({ processes, concurrency: CONCURRENCY, listen });
    const rows: Row[] = [];
    for (const processes of smoke ? [1, 2] : [1, 2, 4]) {
      const result = await measured(ours(processes), jobs, processes === 1 ? latencyJobs : 0);
      rows.push(row('agent-runtime (NOTIFY)', `${processes} × ${CONCURRENCY}`, result));
    }
    rows.push(
      row(
        'agent-runtime (polling only)',
        `1 × ${CONCURRENCY}`,
        await measured(ours(1, false), 0, pollingJobs),
      ),
    );
    rows.push(
      row(
        'agent-runtime PostgresJobQueue, empty handler (NOTIFY)',
        `1 × ${CONCURRENCY}`,
        await measured(() => queueWorkers(CONCURRENCY), jobs, latencyJobs),
      ),
    );
    rows.push(
      row(
        'pg-boss 10',
        `1 × ${CONCURRENCY}`,
        await measured(() => pgBossWorkers(CONCURRENCY), jobs, latencyJobs),
      ),
    );
    rows.push(
      row(
        'graphile-worker 0.16',
        `1 × ${CONCURRENCY}`,
        await measured(() => graphileWorkers(CONCURRENCY), jobs, latencyJobs),
      ),
    );
    return {
      title: 'Workers on PostgreSQL: agent-runtime vs pg-boss vs graphile-worker',
      rows,
      notes: [
        `jobs/s: ${jobs} no-op jobs over 10 tenants (no limits) submitted 50 at a time into running workers, until the last completed. submit→start: ${latencyJobs} jobs (${pollingJobs} when polling only) submitted one at a time into an idle worker.`,
        `agent-runtime runs each job through the whole kernel path in worker processes (\`kernel.startWorker({ concurrency: ${CONCURRENCY} })\`, one process = one row's first number): claim, job.started, one no-op model step (ledger entry, checkpoint, progress, events appended to the PostgreSQL event log), completion and final event. pg-boss and graphile-worker run an empty handler in this process.`,
        `agent-runtime PostgresJobQueue, empty handler: the same work as the peers' rows, in this process — the kernel's \`Worker\` claim loop over \`PostgresJobQueue\` (claim up to its free slots, again as a job ends and on the queue's NOTIFY), an empty handler, completion as one compare-and-set; no kernel job, no events. Comparable to graphile-worker's and pg-boss's rows; the kernel rows above are not (they run the whole kernel job).`,
        'pg-boss 10 has no LISTEN wake-up: its workers poll every 0.5 s (its minimum). graphile-worker 0.16 LISTENs. agent-runtime polling only: `listen: false`, every 1–2 s.',
      ],
    };
  },
};
