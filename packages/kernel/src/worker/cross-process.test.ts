import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { RuntimeKernel } from '../index';
import { steppedDriver } from './test-support/stepped-driver';
import type { WorkerProcessConfig } from './test-support/worker-process';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const schema = `ar_kernel_workers_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 12 });
const stores = createPostgresStores(pool, { schema });
const children: ChildProcess[] = [];

beforeAll(() => stores.migrate(), 30_000);
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

type Line = { call?: string; saved?: string; step?: number; ready?: string; stopped?: string };

/** A worker process over the sources (tsx as a loader in the one node process, so SIGKILL kills the worker). */
function spawnWorker(config: Omit<WorkerProcessConfig, 'url' | 'schema'>, onLine: (line: Line) => void) {
  const full: WorkerProcessConfig = { url: POSTGRES_URL, schema, ...config };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', `${packageDir}src/worker/test-support/worker-process.ts`, JSON.stringify(full)],
    {
      cwd: packageDir,
      env: { ...process.env, TSX_TSCONFIG_PATH: `${packageDir}tsconfig.sources.json` },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  createInterface({ input: child.stdout! }).on('line', (text) => onLine(JSON.parse(text) as Line));
  return child;
}

async function until(condition: () => boolean | Promise<boolean>, seconds: number, what: string) {
  const end = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}

const TENANTS: [scopeId: string, jobs: number][] = [
  ['big', 800],
  ['small-1', 50],
  ['small-2', 50],
  ['small-3', 50],
  ['small-4', 50],
];
const STEPS = 2;
const table = (name: string) => `"${schema}"."${name}"`;

it('3 worker processes, 1000 jobs over 5 tenants (one submits 800), maxRunningJobs 2, one worker SIGKILLed mid-run', async () => {
  const submitter = RuntimeKernel.create({
    agent: steppedDriver({ steps: STEPS }),
    jobStore: stores.jobStore,
    jobQueue: stores.jobQueue,
  });
  for (const [scopeId] of TENANTS) await submitter.setScopeLimits({ scopeId, maxRunningJobs: 2 });
  // the big tenant's backlog is queued first: fairness, not arrival order, must let the small ones through
  const requests = TENANTS.flatMap(([scopeId, n]) =>
    Array.from({ length: n }, (_, i) => ({ prompt: `job ${i}`, scopeId, idempotencyKey: `${scopeId}-${i}` })),
  );
  for (let i = 0; i < requests.length; i += 50)
    await Promise.all(requests.slice(i, i + 50).map((request) => submitter.submit(request)));

  const maxRunning = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  onTestFinished(() => {
    sampling = false;
  });
  const sampler = (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    while (sampling) {
      const { rows } = await client.query<{ scope_id: string; n: number }>(
        `SELECT scope_id, count(*)::integer AS n FROM ${table('runtime_jobs')} WHERE status = 'running' GROUP BY scope_id`,
      );
      for (const { scope_id, n } of rows)
        maxRunning.set(scope_id, Math.max(maxRunning.get(scope_id) ?? 0, n));
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await client.end();
  })();

  const calls = new Map<string, { total: number; unsavedByKilled: number }>();
  const savedByKilled = new Set<string>();
  const callsByKilled: string[] = [];
  const ready = new Set<string>();
  const workers = ['w1', 'w2', 'w3'].map((workerId) =>
    spawnWorker({ workerId, concurrency: 4, steps: STEPS, stepMs: 5, graceSeconds: 10 }, (line) => {
      if (line.ready) ready.add(line.ready);
      const key = `${line.call ?? line.saved}:${line.step}`;
      if (line.call) {
        const entry = calls.get(key) ?? { total: 0, unsavedByKilled: 0 };
        entry.total += 1;
        calls.set(key, entry);
        if (workerId === 'w1') callsByKilled.push(key);
      }
      if (line.saved && workerId === 'w1') savedByKilled.add(key);
    }),
  );
  const killed = workers[0]!;
  await until(() => ready.size === 3, 60, 'workers ready');
  const succeeded = () => stores.jobStore.count({ status: ['succeeded'] });
  // kill while the worker is inside a job's first step: that job has a step left, so it is still the killed
  // worker's when the kill lands and must be recovered (a kill between jobs would leave nothing to recover)
  const insideFirstStep = () => callsByKilled.some((key) => key.endsWith(':1') && !savedByKilled.has(key));
  await until(async () => (await succeeded()) >= 100 && insideFirstStep(), 60, '100 jobs done');
  killed.kill('SIGKILL');
  await exited(killed);
  // the big tenant's 800 jobs run 2 at a time: about 400 job durations end to end (~0.1 s each when quiet)
  await until(async () => (await succeeded()) === 1000, 480, 'all jobs succeeded');
  for (const worker of workers.slice(1)) worker.kill('SIGTERM');
  await Promise.all(workers.map(exited));
  sampling = false;
  await sampler;

  // every job ended exactly once, succeeded, with each of its steps counted once
  const jobs = await stores.jobStore.list({ limit: 2000 });
  expect(jobs).toHaveLength(1000);
  expect(jobs.every((job) => job.status === 'succeeded')).toBe(true);
  // `turn` is stored in the step checkpoint's own write, so no kill leaves it short of the steps
  expect(jobs.filter((job) => job.turn !== STEPS).map((job) => `${job.turn}/${job.recoveries}`)).toEqual([]);
  const { rows: finals } = await pool.query<{ job_id: string; n: number }>(
    `SELECT job_id, count(*)::integer AS n FROM ${table('runtime_events')}
     WHERE type IN ('final.result', 'final.error') GROUP BY job_id`,
  );
  expect(finals.every(({ n }) => n === 1)).toBe(true);
  // a job the killed worker had just ended may lack its final event (the kill fell between the terminal write
  // and the event); `attach` rebuilds it from the stores. Every other job has exactly one.
  const withFinal = new Set(finals.map(({ job_id }) => job_id));
  const touchedByKilled = new Set(callsByKilled.map((key) => key.slice(0, key.lastIndexOf(':'))));
  const withoutFinal = jobs.filter((job) => !withFinal.has(job.jobId));
  expect(withoutFinal.every((job) => touchedByKilled.has(job.jobId))).toBe(true);
  expect(withoutFinal.length).toBeLessThanOrEqual(4);
  for (const job of withoutFinal)
    expect(await (await submitter.attach(job.jobId)).result()).toMatchObject({ status: 'succeeded' });

  // no completed step called the model twice: a repeated call is only the killed worker's unfinished one
  for (const key of callsByKilled) if (!savedByKilled.has(key)) calls.get(key)!.unsavedByKilled += 1;
  expect(calls.size).toBe(1000 * STEPS);
  const repeated = [...calls.entries()].filter(
    ([, { total, unsavedByKilled }]) => total - unsavedByKilled > 1,
  );
  expect(repeated).toEqual([]);
  // the killed worker's jobs were taken over (on a loaded machine a live worker's lease may lapse too: its
  // fenced writes fail and another worker continues the job, which the checks above cover as well)
  expect(jobs.filter((job) => job.recoveries > 0).length).toBeGreaterThan(0);

  // the running count of a tenant, sampled every 10 ms, never exceeded its limit
  expect(samples).toBeGreaterThan(100);
  expect(Math.max(...maxRunning.values())).toBe(2);

  // the small tenants all finished before the big tenant's backlog drained
  const latency = new Map<string, number[]>();
  const lastFinish = new Map<string, number>();
  for (const job of jobs) {
    latency.set(job.scopeId, [...(latency.get(job.scopeId) ?? []), job.finishedAt! - job.createdAt]);
    lastFinish.set(job.scopeId, Math.max(lastFinish.get(job.scopeId) ?? 0, job.finishedAt!));
  }
  const report = TENANTS.map(([scopeId]) => {
    const sorted = latency.get(scopeId)!.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return `${scopeId}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted[sorted.length - 1]} ms`;
  });
  console.log(`submit → end latency per tenant (3 workers, one SIGKILLed):\n  ${report.join('\n  ')}`);
  for (const [scopeId] of TENANTS.slice(1))
    expect(lastFinish.get(scopeId)!).toBeLessThan(lastFinish.get('big')!);
  await submitter.shutdown();
}, 600_000);

it('worker.stop() in a worker process with jobs running: handed back, finished by another process; none lost, no completed step run twice', async () => {
  const scopeId = 'stopping';
  const submitter = RuntimeKernel.create({
    agent: steppedDriver({ steps: 3 }),
    jobStore: stores.jobStore,
    jobQueue: stores.jobQueue,
  });
  const calls: { workerId: string; key: string }[] = [];
  const saved = new Map<string, Set<string>>([
    ['stop-a', new Set()],
    ['stop-b', new Set()],
  ]);
  const stopped = new Set<string>();
  const ready = new Set<string>();
  const start = (workerId: string, graceSeconds: number) =>
    spawnWorker({ workerId, concurrency: 4, steps: 3, stepMs: 150, graceSeconds }, (line) => {
      if (line.ready) ready.add(line.ready);
      if (line.stopped) stopped.add(line.stopped);
      if (line.call) calls.push({ workerId, key: `${line.call}:${line.step}` });
      if (line.saved) saved.get(workerId)!.add(`${line.saved}:${line.step}`);
    });
  const a = start('stop-a', 0);
  await until(() => ready.has('stop-a'), 60, 'worker a ready');
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push((await submitter.submit({ prompt: `job ${i}`, scopeId })).jobId);
  await until(() => saved.get('stop-a')!.size >= 2, 60, 'worker a completed two steps');
  a.kill('SIGTERM');
  await exited(a);
  expect(a.exitCode).toBe(0);
  expect(stopped.has('stop-a')).toBe(true);
  const mine = async () => stores.jobStore.list({ scopeId, limit: 100 });
  expect((await mine()).filter((job) => job.status === 'running')).toEqual([]);
  const states = (await mine()).map(
    (job) => `${job.status}@${(job.checkpoint as { step?: number }).step ?? 0}`,
  );
  expect(
    states.filter((state) => /^queued@[12]$/.test(state)),
    states.join(' '),
  ).not.toEqual([]);

  const b = start('stop-b', 30);
  await until(
    async () => (await mine()).every((job) => job.status === 'succeeded'),
    120,
    'all finished by b',
  );
  b.kill('SIGTERM');
  await exited(b);

  const jobs = await mine();
  expect(jobs).toHaveLength(8);
  for (const job of jobs) expect(job).toMatchObject({ status: 'succeeded', turn: 3, recoveries: 0 });
  const perStep = new Map<string, number>();
  for (const { workerId, key } of calls) {
    const unfinishedAtStop = workerId === 'stop-a' && !saved.get('stop-a')!.has(key);
    if (!unfinishedAtStop) perStep.set(key, (perStep.get(key) ?? 0) + 1);
  }
  expect(new Set(calls.map(({ key }) => key)).size).toBe(24);
  expect([...perStep.values()].every((n) => n === 1)).toBe(true);
  const { rows: finals } = await pool.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM ${table('runtime_events')}
     WHERE type IN ('final.result', 'final.error') AND job_id = ANY($1) GROUP BY job_id`,
    [ids],
  );
  expect(finals.map(({ n }) => n)).toEqual(Array(8).fill(1));
  await submitter.shutdown();
}, 300_000);
