import { CancelledError, NotFoundError } from '@agent-runtime/core';
import { isTerminalStatus } from '@agent-runtime/jobs';
import type { Execution } from './execution';

/**
 * Re-reads the job record: when it was ended elsewhere (cancelled through another kernel, timed out by a
 * sweeper), this run stops before calling the model or a tool again. Right after a write of this run that
 * stored the job running under its lease (`execution.confirmActive`), that write stands in for the read.
 */
export async function checkJobStillActive(execution: Execution): Promise<void> {
  execution.throwIfStopped();
  if (execution.takeConfirmedActive()) return;
  const job = await execution.services.jobs.get(execution.jobId);
  if (!job) throw new NotFoundError({ resource: 'job', id: execution.jobId });
  if (isTerminalStatus(job.status))
    throw new CancelledError({ reason: `job was ended elsewhere (${job.status})` });
}
