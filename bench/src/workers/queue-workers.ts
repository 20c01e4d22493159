import { systemClock } from '@agent-runtime/core';
import { JobRecord, JobStatus } from '@agent-runtime/jobs';
import { type ExecutionHandle, Worker } from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { POSTGRES_URL, schemaName, until, type WorkerSystem } from './workload';

/** A handle whose events end at once: the worker follows no job status for an empty handler. */
const noEvents = { events: async function* () {} } as unknown as ExecutionHandle;

/**
 * agent-runtime's PostgresJobQueue under the kernel's own `Worker` claim loop (claim up to its free slots,
 * again as a job ends, on the queue's NOTIFY, or after a jittered 1–2 s poll), in this process, running an
 * empty handler and completing each job with one compare-and-set: the work graphile-worker's and pg-boss's
 * rows do, without the kernel job.
 */
export async function queueWorkers(concurrency: number): Promise<WorkerSystem> {
  const schema = schemaName('bench_arq');
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
  const { jobQueue, jobStore, migrate } = createPostgresStores(pool, { schema });
  await migrate();
  const started = new Map<string, number>();
  let done = 0;
  const worker = new Worker(
    {
      queue: jobQueue,
      workerId: 'bench-queue-worker',
      leaseMs: 30_000,
      clock: systemClock,
      async run(job) {
        started.set(job.jobId, Date.now());
        const settled = jobStore.update(job.withProgress(1).transitionTo(JobStatus.SUCCEEDED)).then(() => {
          done += 1;
        });
        return { handle: noEvents, settled };
      },
      handBack: async () => {},
    },
    { concurrency, pollSeconds: 1, listen: true },
  );
  await worker.start();
  return {
    async submit(i) {
      return (await jobQueue.enqueue(JobRecord.create({ scopeId: `tenant-${i % 10}` }))).jobId;
    },
    startedAt: async (jobId) => started.get(jobId),
    waitAllDone: (count, seconds) => until(() => done >= count, seconds),
    async close() {
      await worker.stop({ graceSeconds: 5 });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
