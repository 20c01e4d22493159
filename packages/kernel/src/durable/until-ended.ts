import { setTimeout as sleep } from 'node:timers/promises';
import type { JobManager } from '@agent-runtime/jobs';

const POLL_MS = 250;

/**
 * Resolves once the job has ended (or is gone), polling the store: what a handle waits on after its kernel
 * lost the job to another one, whose events may never reach this process. Stops early when `signal` aborts.
 */
export async function untilEnded(jobs: JobManager, jobId: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    const job = await jobs.get(jobId);
    if (!job || job.isTerminal || signal.aborted) return;
    await sleep(POLL_MS, undefined, { signal }).catch(() => {});
  }
}
