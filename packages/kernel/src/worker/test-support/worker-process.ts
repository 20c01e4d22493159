// A worker process for the cross-process worker tests: a kernel on the PostgreSQL stores of the test's schema
// with a stepped no-op agent and a worker. It prints one JSON line per model call ({ call, step }) and after
// each completed step's checkpoint ({ saved, step }), { ready } once its worker runs, and { stopped } after
// SIGTERM made it stop the worker (with the grace in its config) and shut the kernel down.
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { RuntimeKernel } from '../../index';
import { steppedDriver } from './stepped-driver';

export interface WorkerProcessConfig {
  readonly url: string;
  readonly schema: string;
  readonly workerId: string;
  readonly concurrency: number;
  readonly steps: number;
  readonly stepMs: number;
  readonly graceSeconds: number;
  readonly listen?: boolean;
}

const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(config: WorkerProcessConfig): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.url, max: 6, application_name: config.workerId });
  const { migrate, ...stores } = createPostgresStores(pool, { schema: config.schema });
  await migrate();
  const kernel = RuntimeKernel.create({
    agent: steppedDriver({
      steps: config.steps,
      stepMs: config.stepMs,
      onModelCall: (jobId, step) => print({ call: jobId, step }),
      onStepSaved: (jobId, step) => print({ saved: jobId, step }),
    }),
    ...stores,
    workerId: config.workerId,
    leaseSeconds: 3,
    heartbeatSeconds: 0.5,
    sweepIntervalSeconds: 0.5,
  });
  const worker = await kernel.startWorker({ concurrency: config.concurrency, listen: config.listen ?? true });
  print({ ready: config.workerId });
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await worker.stop({ graceSeconds: config.graceSeconds });
  await kernel.shutdown({ graceSeconds: 0 });
  await pool.end();
  print({ stopped: config.workerId });
}

main(JSON.parse(process.argv[2] ?? '{}') as WorkerProcessConfig).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
