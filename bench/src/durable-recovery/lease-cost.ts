import { JobManager, type JobStore } from '@agent-runtime/jobs';
import { type DurableConfig, postgresKernel } from './postgres-kernel';

const LEASE_SECONDS = 30;

/** What one lease-cost pass measured, in ms per sample. */
export interface LeaseCostSamples {
  /** One tool step's job writes, by a JobManager without a lease owner (no lease, nothing fenced). */
  unfencedStep: number[];
  /** The same writes by a JobManager with a lease owner, on a job started with a lease (every write fenced). */
  fencedStep: number[];
  unleasedStart: number[];
  /** `start` with `leaseSeconds`: the transition, then the renewal that sets the lease by the database clock. */
  leasedStart: number[];
  /** One heartbeat: `renewLease`. */
  heartbeat: number[];
  /** A whole kernel job on the same database (one tool step and a final answer), per model step. */
  kernelStep: number[];
}

/** A checkpoint of realistic size (a short conversation), the same for both managers. */
function checkpointOf(step: number) {
  const text = 'lorem ipsum dolor sit amet '.repeat(40);
  return {
    prompt: 'look k up',
    step,
    messages: Array.from({ length: 2 * step }, (_, n) => ({
      role: n % 2 ? 'assistant' : 'tool',
      content: text,
    })),
    usage: { inputTokens: 100 * step, outputTokens: 20 * step, totalTokens: 120 * step },
    toolJournal: {},
  };
}

/**
 * The job writes the kernel makes for one tool step, in its order: the liveness read before the call, the
 * journal entry `running`, the entry `done`, the checkpoint after the model step, and the progress.
 */
async function stepWrites(jobs: JobManager, jobId: string, step: number): Promise<void> {
  await jobs.get(jobId);
  await jobs.saveCheckpoint(jobId, { ...checkpointOf(step), toolJournal: { c: { state: 'running' } } });
  await jobs.saveCheckpoint(jobId, { ...checkpointOf(step), toolJournal: { c: { state: 'done' } } });
  await jobs.saveCheckpoint(jobId, checkpointOf(step));
  await jobs.updateProgress(jobId, step / (step + 1), { turn: step });
}

async function timed(samples: number[], fn: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await fn();
  samples.push(performance.now() - start);
}

/**
 * `jobs` pairs of jobs of `steps` tool steps on one PostgresJobStore, alternating an unfenced and a fenced
 * JobManager so both see the same load; then `jobs` kernel jobs on the same database.
 */
export async function leaseCost(
  config: DurableConfig,
  { jobs, steps }: { jobs: number; steps: number },
): Promise<LeaseCostSamples> {
  const context = postgresKernel(
    config,
    Array.from({ length: 2 * jobs }, (_, n) => kernelStep(n)),
  );
  const samples: LeaseCostSamples = {
    unfencedStep: [],
    fencedStep: [],
    unleasedStart: [],
    leasedStart: [],
    heartbeat: [],
    kernelStep: [],
  };
  try {
    await context.stores.migrate();
    const store: JobStore = context.stores.jobStore;
    const unfenced = new JobManager(store);
    const fenced = new JobManager(store, { leaseOwner: 'bench-worker' });
    for (let n = 0; n < jobs; n++) {
      const plain = (await unfenced.create({ scopeId: 'bench' })).jobId;
      await timed(samples.unleasedStart, () => unfenced.start(plain));
      for (let step = 1; step <= steps; step++)
        await timed(samples.unfencedStep, () => stepWrites(unfenced, plain, step));
      const leased = (await fenced.create({ scopeId: 'bench' })).jobId;
      await timed(samples.leasedStart, () => fenced.start(leased, { leaseSeconds: LEASE_SECONDS }));
      for (let step = 1; step <= steps; step++)
        await timed(samples.fencedStep, () => stepWrites(fenced, leased, step));
      await timed(samples.heartbeat, () => fenced.renewLease(leased, { leaseSeconds: LEASE_SECONDS }));
    }
    for (let n = 0; n < jobs; n++) {
      const start = performance.now();
      const handle = await context.kernel.execute({ prompt: 'look k up', scopeId: 'bench' });
      await handle.result();
      samples.kernelStep.push((performance.now() - start) / 2);
    }
  } finally {
    await context.close();
  }
  return samples;
}

/** The kernel jobs' model: a `lookup` call, then an answer, for every job. */
function kernelStep(n: number) {
  return n % 2 === 0 ? { toolCalls: [{ toolName: 'lookup', input: { key: `k${n}` } }] } : { text: 'done' };
}
