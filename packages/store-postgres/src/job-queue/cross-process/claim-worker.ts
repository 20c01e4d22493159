// A worker process for the cross-process queue test: claims jobs, "runs" each for a few ms, completes it, and
// prints one line per completed job (`<jobId>`), until the queue stays empty for a while.
import { JobStatus } from '@agent-runtime/jobs';
import pg from 'pg';
import { PostgresJobStore } from '../../job-store/postgres-job-store';
import { PostgresJobQueue } from '../postgres-job-queue';

const [url, schema, tableName, workerId] = process.argv.slice(2) as [string, string, string, string];
const pool = new pg.Pool({ connectionString: url, max: 4, application_name: `ar-queue-${workerId}` });
const jobStore = new PostgresJobStore(pool, { schema, tableName });
const queue = new PostgresJobQueue(pool, { jobStore });

async function runOne(jobId: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 5));
  const job = await jobStore.get(jobId);
  if (!job) return;
  await jobStore.update(job.transitionTo(JobStatus.SUCCEEDED));
  process.stdout.write(`${jobId}\n`);
}

let idleSince = Date.now();
while (Date.now() - idleSince < 1500) {
  const claimed = await queue.claim({ workerId, limit: 4, leaseMs: 30_000 });
  if (claimed.length === 0) {
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 10));
    continue;
  }
  idleSince = Date.now();
  await Promise.all(claimed.map((job) => runOne(job.jobId)));
}
await pool.end();
