import { CancelledError, LeaseLostError, NotFoundError, RuntimeTimeoutError } from '@agent-runtime/core';
import { type JobRecord, JobStatus } from '@agent-runtime/jobs';
import type { Execution } from '../execution/execution';

/**
 * After an action of the job settled (the job is `running` again, with no lease), takes the lease back so the
 * run can go on. Throws LeaseLostError when another kernel took the job meanwhile, and the job's end when it
 * was ended (cancelled, timed out) while it waited.
 */
export async function reclaimLease(execution: Execution): Promise<void> {
  const { jobs, durable } = execution.services;
  const claimed = await jobs.claimLease(execution.jobId, { leaseSeconds: durable.leaseSeconds });
  execution.confirmActive(claimed);
  if (claimed) return;
  const stop = whyStop(execution, await jobs.get(execution.jobId));
  if (stop) throw execution.fail(stop);
}

/**
 * The heartbeat of one job this kernel runs: renews its lease. When that fails, the job was ended elsewhere
 * (its run stops with that outcome) or another kernel holds it (LeaseLostError). A waiting job holds no lease.
 */
export async function renewLease(execution: Execution): Promise<void> {
  const { jobs, durable } = execution.services;
  if (execution.stopReason !== undefined) return;
  const renewed = await jobs.renewLease(execution.jobId, { leaseSeconds: durable.leaseSeconds });
  if (renewed) return;
  const stop = whyStop(execution, await jobs.get(execution.jobId));
  if (stop) execution.stop(stop);
}

/** Why a run without its lease must stop, or undefined when it may go on (waiting, or free to take back). */
function whyStop(execution: Execution, job: JobRecord | undefined): unknown {
  const { workerId } = execution.services.durable;
  if (!job) return new NotFoundError({ resource: 'job', id: execution.jobId });
  if (job.status === JobStatus.TIMED_OUT)
    return new RuntimeTimeoutError({ message: job.error?.message ?? 'job deadline exceeded' });
  if (job.isTerminal) return new CancelledError({ reason: `job was ended elsewhere (${job.status})` });
  if (job.status === JobStatus.RUNNING && job.leaseOwner !== undefined && job.leaseOwner !== workerId)
    return new LeaseLostError({ jobId: job.jobId, leaseOwner: workerId });
  return undefined;
}
