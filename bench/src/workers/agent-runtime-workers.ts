import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type AgentDriver, RuntimeKernel } from '@agent-runtime/kernel';
import { createPostgresStores, type PostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import type { BenchWorkerConfig } from './worker-process';
import { POSTGRES_URL, schemaName, until, type WorkerSystem } from './workload';

const processScript = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const benchDir = fileURLToPath(new URL('../..', import.meta.url));

/** The submitting side: a kernel that only submits (its agent never runs). */
const idleAgent: AgentDriver = {
  model: { provider: 'bench', modelId: 'submit-only' },
  run: () => {
    throw new Error('the submitting kernel runs no job');
  },
};

async function startProcess(config: BenchWorkerConfig): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', processScript, JSON.stringify(config)], {
    cwd: benchDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('a worker process exited before it was ready');
    }),
  ])) as [string];
  if (line !== 'ready') throw new Error(`worker process said ${line}`);
  return child;
}

/** agent-runtime: `processes` worker processes (`kernel.startWorker`), jobs submitted with `kernel.submit`. */
export async function agentRuntimeWorkers(options: {
  processes: number;
  concurrency: number;
  listen: boolean;
}): Promise<WorkerSystem> {
  const schema = schemaName('bench_arw');
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
  const stores: PostgresStores = createPostgresStores(pool, { schema });
  await stores.migrate();
  const kernel = RuntimeKernel.create({
    agent: idleAgent,
    jobStore: stores.jobStore,
    jobQueue: stores.jobQueue,
  });
  const config = { url: POSTGRES_URL, schema, concurrency: options.concurrency, listen: options.listen };
  const children = await Promise.all(Array.from({ length: options.processes }, () => startProcess(config)));
  return {
    async submit(i) {
      const { jobId } = await kernel.submit({ prompt: `job ${i}`, scopeId: `tenant-${i % 10}` });
      return jobId;
    },
    async startedAt(jobId) {
      return (await stores.jobStore.get(jobId))?.startedAt;
    },
    async waitAllDone(count, seconds) {
      await until(async () => (await stores.jobStore.count({ status: ['succeeded'] })) >= count, seconds);
    },
    async close() {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
      await kernel.shutdown();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
