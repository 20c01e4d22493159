import { RuntimeKernel } from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { agentFor } from './agent';
import { workerConfig } from './worker-config';

/** A running worker process's handle: `stop()` drains it (see `Worker.stop`) and closes the database. */
export interface WorkerApp {
  readonly workerId: string;
  stop(): Promise<void>;
}

/**
 * Starts a kernel on the PostgreSQL stores at DATABASE_URL (tables created or upgraded first) and a worker
 * with WORKER_CONCURRENCY slots; writes what it does to `output`.
 */
export async function startWorkerApp(
  env: Record<string, string | undefined>,
  output: NodeJS.WritableStream,
): Promise<WorkerApp> {
  const config = workerConfig(env);
  const { agent, banner } = agentFor(env);
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    application_name: 'agent-runtime-worker',
  });
  const { migrate, ...stores } = createPostgresStores(
    pool,
    config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {},
  );
  try {
    await migrate();
  } catch (error) {
    await pool.end();
    throw error;
  }
  const kernel = RuntimeKernel.create({
    agent,
    ...stores,
    ...(config.WORKER_ID ? { workerId: config.WORKER_ID } : {}),
  });
  const worker = await kernel.startWorker({ concurrency: config.WORKER_CONCURRENCY });
  output.write(`${banner}\nWorker ${worker.workerId}: ${config.WORKER_CONCURRENCY} slots, claiming.\n`);
  await kernel.events.subscribe((event) => {
    if (event.type === 'final.result' || event.type === 'final.error')
      output.write(
        `${event.type === 'final.result' ? 'done' : 'failed'} ${event.jobId} (${event.scopeId})\n`,
      );
  });
  return {
    workerId: worker.workerId,
    async stop() {
      await worker.stop({ graceSeconds: config.WORKER_GRACE_SECONDS });
      await kernel.shutdown({ graceSeconds: 0 });
      await pool.end();
      output.write(`Worker ${worker.workerId} stopped.\n`);
    },
  };
}
