// One agent-runtime worker process of the workers benchmark: a kernel on the PostgreSQL stores of the
// benchmark's schema with a one-step agent and no model behind it (what is left is the kernel's and the queue's
// own work), and a worker. Prints { ready } once it claims; stops on SIGTERM.
import { oneStepDriver, RuntimeKernel } from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';

export interface BenchWorkerConfig {
  readonly url: string;
  readonly schema: string;
  readonly concurrency: number;
  readonly listen: boolean;
}

async function main(config: BenchWorkerConfig): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  const { migrate, ...stores } = createPostgresStores(pool, { schema: config.schema });
  await migrate();
  const kernel = RuntimeKernel.create({
    agent: oneStepDriver('ok', { provider: 'bench', modelId: 'no-op' }),
    ...stores,
  });
  const worker = await kernel.startWorker({ concurrency: config.concurrency, listen: config.listen });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await worker.stop({ graceSeconds: 5 });
  await kernel.shutdown({ graceSeconds: 0 });
  await pool.end();
}

main(JSON.parse(process.argv[2] ?? '{}') as BenchWorkerConfig).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
