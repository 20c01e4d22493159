export const POSTGRES_URL =
  process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A job system under the same workload: no-op jobs submitted, claimed and completed on one PostgreSQL. */
export interface WorkerSystem {
  /** Queues job number `i`; resolves with its id once the enqueue committed. */
  submit(i: number): Promise<string>;
  /** When the job was started by a worker (epoch ms, this machine's clock), or undefined if not yet. */
  startedAt(id: string): Promise<number | undefined>;
  /** Resolves once `count` jobs completed. */
  waitAllDone(count: number, seconds: number): Promise<void>;
  close(): Promise<void>;
}

export function schemaName(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
}

export async function until(condition: () => boolean | Promise<boolean>, seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`not done within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Submits `jobs` jobs, 50 at a time, and waits until all completed: jobs per second over the whole run. */
export async function throughput(system: WorkerSystem, jobs: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < jobs; i += 50)
    await Promise.all(Array.from({ length: Math.min(50, jobs - i) }, (_, k) => system.submit(i + k)));
  await system.waitAllDone(jobs, 600);
  return (jobs * 1000) / (performance.now() - start);
}

/** Submits one job at a time into an idle system; each sample is submit → start, in ms. */
export async function startLatencies(system: WorkerSystem, jobs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < jobs; i++) {
    const submittedAt = Date.now();
    const id = await system.submit(i);
    let startedAt: number | undefined;
    await until(async () => {
      startedAt = await system.startedAt(id);
      return startedAt !== undefined;
    }, 30);
    samples.push(Math.max(0, startedAt! - submittedAt));
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
  }
  return samples;
}
