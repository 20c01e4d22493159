import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { JobRecord, JobStatus } from '@agent-runtime/jobs';
import { afterAll, expect, it } from 'vitest';
import { PostgresJobStore } from '../job-store/postgres-job-store';
import { POSTGRES_URL, postgresBackend, uniqueName } from '../test-support/test-databases';
import { PostgresJobQueue } from './postgres-job-queue';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const backend = postgresBackend();
afterAll(() => backend.close());

/** A claim-worker process under tsx over the sources; resolves with the job ids it completed, in order. */
function spawnWorker(tableName: string, workerId: string, finished: Map<string, number>) {
  const child = spawn(
    `${packageDir}node_modules/.bin/tsx`,
    [
      '--tsconfig',
      `${packageDir}tsconfig.sources.json`,
      `${packageDir}src/job-queue/cross-process/claim-worker.ts`,
      POSTGRES_URL,
      backend.schema,
      tableName,
      workerId,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const done: string[] = [];
  createInterface({ input: child.stdout }).on('line', (jobId) => {
    done.push(jobId);
    finished.set(jobId, performance.now());
  });
  return new Promise<string[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(done) : reject(new Error(`worker exited ${code}`))));
  });
}

it('3 worker processes, 5 tenants (one with most jobs), maxRunningJobs 2: each job once, never over a limit, small tenants first', async () => {
  const db = await backend.handle();
  const tableName = uniqueName('jobs');
  const jobStore = new PostgresJobStore(db, { schema: backend.schema, tableName });
  const queue = new PostgresJobQueue(db, { jobStore });
  const tenants = ['big', 's1', 's2', 's3', 's4'];
  for (const scopeId of tenants) await queue.setScopeLimits({ scopeId, maxRunningJobs: 2 });
  const submitted = new Map<string, number>();
  const scopeOf = new Map<string, string>();
  const enqueue = async (scopeId: string, i: number) => {
    const job = await queue.enqueue(new JobRecord({ jobId: `${scopeId}-${i}`, scopeId }));
    submitted.set(job.jobId, performance.now());
    scopeOf.set(job.jobId, scopeId);
  };
  for (let i = 0; i < 120; i++) await enqueue('big', i);
  for (const scopeId of tenants.slice(1)) for (let i = 0; i < 10; i++) await enqueue(scopeId, i);

  let maxRunning = 0;
  let sampling = true;
  const sampler = (async () => {
    const sql = await backend.db();
    while (sampling) {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM "${backend.schema}"."${tableName}" WHERE status = 'running' GROUP BY scope_id`,
      );
      for (const row of rows) maxRunning = Math.max(maxRunning, Number(row.n));
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const finished = new Map<string, number>();
  const runs = await Promise.all(['w1', 'w2', 'w3'].map((id) => spawnWorker(tableName, id, finished)));
  sampling = false;
  await sampler;

  const all = runs.flat();
  expect(all).toHaveLength(submitted.size);
  expect(new Set(all).size).toBe(submitted.size);
  expect(await jobStore.count({ status: JobStatus.SUCCEEDED })).toBe(submitted.size);
  expect(maxRunning).toBeLessThanOrEqual(2);
  expect(maxRunning).toBe(2);
  const latest = (scopeId: string) =>
    Math.max(...[...finished].filter(([id]) => scopeOf.get(id) === scopeId).map(([, t]) => t));
  const bigEnd = latest('big');
  for (const scopeId of tenants.slice(1)) expect(latest(scopeId)).toBeLessThan(bigEnd);
  const latency = Object.fromEntries(
    tenants.map((scopeId) => {
      const waits = [...finished]
        .filter(([id]) => scopeOf.get(id) === scopeId)
        .map(([id, t]) => t - (submitted.get(id) ?? t))
        .sort((a, b) => a - b);
      return [
        scopeId,
        { p50: Math.round(waits[Math.floor(waits.length / 2)] ?? 0), max: Math.round(waits.at(-1) ?? 0) },
      ];
    }),
  );
  console.log('submit→finish latency (ms) per tenant', JSON.stringify(latency));
}, 55_000);
