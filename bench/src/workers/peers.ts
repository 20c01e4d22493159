import { Logger, run as runGraphile } from 'graphile-worker';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { POSTGRES_URL, schemaName, until, type WorkerSystem } from './workload';

/** Start times and a completion count of jobs that run in this process. */
function tracker() {
  const started = new Map<string, number>();
  let done = 0;
  return {
    started,
    begin(id: string) {
      started.set(id, Date.now());
    },
    end() {
      done += 1;
    },
    waitAllDone: (count: number, seconds: number) => until(() => done >= count, seconds),
  };
}

/** pg-boss 10 in this process: `work()` called `concurrency` times, polling every 0.5 s (its minimum). */
export async function pgBossWorkers(concurrency: number): Promise<WorkerSystem> {
  const schema = schemaName('bench_bossw');
  const boss = new PgBoss({
    connectionString: POSTGRES_URL,
    schema,
    max: 10,
    supervise: false,
    schedule: false,
  });
  boss.on('error', (error) => console.error('pg-boss:', error));
  await boss.start();
  const queue = 'noop';
  await boss.createQueue(queue);
  const jobs = tracker();
  for (let i = 0; i < concurrency; i++)
    await boss.work(queue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) jobs.begin(job.id);
      jobs.end();
    });
  return {
    async submit(i) {
      const id = await boss.send(queue, { i });
      if (!id) throw new Error('pg-boss refused a job');
      return id;
    },
    startedAt: async (id) => jobs.started.get(id),
    waitAllDone: jobs.waitAllDone,
    async close() {
      await boss.stop({ graceful: false, wait: true });
      await dropSchema(schema);
    },
  };
}

/** graphile-worker 0.16 in this process: `concurrency` slots, LISTEN/NOTIFY with its default 2 s poll. */
export async function graphileWorkers(concurrency: number): Promise<WorkerSystem> {
  const schema = schemaName('bench_gw');
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
  const jobs = tracker();
  const runner = await runGraphile({
    pgPool: pool,
    schema,
    concurrency,
    noHandleSignals: true,
    logger: new Logger(() => () => {}),
    taskList: {
      noop: async (_payload, helpers) => {
        jobs.begin(helpers.job.id);
        jobs.end();
      },
    },
  });
  return {
    async submit(i) {
      return (await runner.addJob('noop', { i })).id;
    },
    startedAt: async (id) => jobs.started.get(id),
    waitAllDone: jobs.waitAllDone,
    async close() {
      await runner.stop();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
}
