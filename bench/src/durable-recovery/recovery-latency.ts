import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type DurableConfig, postgresKernel } from './postgres-kernel';

const benchDir = fileURLToPath(new URL('../../', import.meta.url));
const CHILD_REPORT_TIMEOUT_MS = 120_000;
const RECOVERY_TIMEOUT_MS = 60_000;

/** One crash: when the lease of the killed process ran out, when it was killed, and when the job resumed. */
export interface RecoverySample {
  /** Lease expiry (database clock, same host) → the resumed run's model call for step 2. */
  afterLeaseExpiryMs: number;
  /** SIGKILL → that model call. */
  afterKillMs: number;
}

/**
 * `trials` times: a child process runs a job on the PostgreSQL stores and is SIGKILLed while its model streams
 * step 2; this process's started kernel (same lease and sweep settings) takes the job over from its checkpoint.
 */
export async function recoveryLatency(config: DurableConfig, trials: number): Promise<RecoverySample[]> {
  // one crashed job at a time: the survivor's next model call is that job's resumed step 2
  let onResumedStep: ((at: number) => void) | undefined;
  const survivor = postgresKernel(
    config,
    Array.from({ length: trials }, () => ({ text: 'resumed' })),
    {
      onModelCall: () => onResumedStep?.(Date.now()),
    },
  );
  const samples: RecoverySample[] = [];
  try {
    await survivor.stores.migrate();
    await survivor.kernel.start();
    for (let trial = 0; trial < trials; trial++) {
      const resumedStep = new Promise<number>((resolve) => {
        onResumedStep = resolve;
      });
      const { jobId, killedAt } = await crashOneJob(config);
      const leaseExpiresAt = await lastLeaseExpiry(survivor, jobId);
      const at = await withTimeout(resumedStep, RECOVERY_TIMEOUT_MS, `job ${jobId} was not resumed`);
      samples.push({ afterLeaseExpiryMs: at - leaseExpiresAt, afterKillMs: at - killedAt });
      const result = await (await survivor.kernel.attach(jobId)).result();
      if (result.content !== 'resumed' || result.turns !== 2)
        throw new Error(`job ${jobId} ended ${result.status} after ${result.turns} turns: ${result.content}`);
    }
  } finally {
    await survivor.close();
  }
  return samples;
}

/** Starts a child, waits until its job streams step 2, SIGKILLs its process group. */
async function crashOneJob(config: DurableConfig): Promise<{ jobId: string; killedAt: number }> {
  const child = spawn(
    `${benchDir}node_modules/.bin/tsx`,
    [
      '--tsconfig',
      `${benchDir}tsconfig.sources.json`,
      `${benchDir}src/durable-recovery/crash-child.ts`,
      JSON.stringify(config),
    ],
    // its own process group: tsx runs the script in a child process, and the kill must reach both
    { stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  try {
    const { jobId } = await withTimeout(
      firstLine(child),
      CHILD_REPORT_TIMEOUT_MS,
      'the child did not report',
    );
    const killedAt = Date.now();
    process.kill(-(child.pid as number), 'SIGKILL');
    return { jobId, killedAt };
  } catch (error) {
    if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL');
    throw error;
  } finally {
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }
}

async function firstLine(child: ChildProcess): Promise<{ jobId: string }> {
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) return JSON.parse(line) as { jobId: string };
  throw new Error(`the child exited (${child.exitCode}) without reporting`);
}

/**
 * The lease the killed process held last, read right after the kill: no renewal follows it, and no takeover
 * comes before it expires.
 */
async function lastLeaseExpiry(survivor: ReturnType<typeof postgresKernel>, jobId: string): Promise<number> {
  const job = await survivor.stores.jobStore.get(jobId);
  if (job?.leaseExpiresAt === undefined || job.leaseOwner === survivor.kernel.workerId)
    throw new Error(`job ${jobId}: no lease of the killed process to read`);
  return job.leaseExpiresAt;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
