import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RuntimeKernel } from '../index';
import { steppedDriver } from './test-support/stepped-driver';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ar_kernel_worker_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const pools = [1, 2].map(() => new pg.Pool({ connectionString: POSTGRES_URL, max: 8 }));
const stores = pools.map((pool) => createPostgresStores(pool, { schema }));

beforeAll(() => stores[0]!.migrate(), 30_000);
afterAll(async () => {
  await pools[0]!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await Promise.all(pools.map((pool) => pool.end()));
});

/** A kernel per pool ("process"), each with a worker, on the same PostgreSQL stores. */
function kernelOn(index: number, onModelCall: (jobId: string) => void) {
  const s = stores[index]!;
  return RuntimeKernel.create({
    agent: steppedDriver({ steps: 1, onModelCall }),
    jobStore: s.jobStore,
    actionStore: s.actionStore,
    ledgerWriter: s.ledgerWriter,
    eventLog: s.eventLog,
    budgetStore: s.budgetStore,
    artifactStore: s.artifactStore,
    jobQueue: s.jobQueue,
  });
}

it('200 jobs submitted with 50 duplicate idempotency keys → 150 jobs, each run once by two workers', async () => {
  const calls = new Map<string, number>();
  const count = (jobId: string) => calls.set(jobId, (calls.get(jobId) ?? 0) + 1);
  const kernels = [kernelOn(0, count), kernelOn(1, count)];
  const keys = Array.from({ length: 200 }, (_, i) => (i < 100 ? `k${i % 50}` : `u${i}`));
  const submitted = await Promise.all(
    keys.map((idempotencyKey, i) =>
      kernels[i % 2]!.submit({ prompt: 'p', scopeId: 'tenant', idempotencyKey }),
    ),
  );
  expect(new Set(submitted.map((s) => s.jobId)).size).toBe(150);
  const workers = await Promise.all(kernels.map((kernel) => kernel.startWorker({ concurrency: 4 })));
  const deadline = Date.now() + 60_000;
  const { jobStore } = stores[0]!;
  while ((await jobStore.count({ status: ['succeeded'] })) < 150 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.all(workers.map((worker) => worker.stop()));
  await Promise.all(kernels.map((kernel) => kernel.shutdown()));
  expect(await jobStore.count({ status: ['succeeded'] })).toBe(150);
  expect(await jobStore.count({})).toBe(150);
  expect(calls.size).toBe(150);
  expect([...calls.values()].every((n) => n === 1)).toBe(true);
  expect(workers[0]!.claimed + workers[1]!.claimed).toBe(150);
  expect(workers.every((worker) => worker.claimed > 0)).toBe(true);
}, 90_000);

it('a NOTIFY from the submitting process wakes an idle worker long before its next poll', async () => {
  const kernels = [kernelOn(0, () => {}), kernelOn(1, () => {})];
  const worker = await kernels[0]!.startWorker({ pollSeconds: 600 });
  await new Promise((resolve) => setTimeout(resolve, 300)); // idle: its first claim found nothing
  const submittedAt = Date.now();
  const { jobId } = await kernels[1]!.submit({ prompt: 'p', scopeId: 'notify' });
  const result = await (await kernels[1]!.attach(jobId)).result();
  expect(result.status).toBe('succeeded');
  const startedAt = (await stores[0]!.jobStore.get(jobId))!.startedAt!;
  expect(startedAt - submittedAt).toBeLessThan(30_000);
  await worker.stop();
  await Promise.all(kernels.map((kernel) => kernel.shutdown()));
}, 60_000);
