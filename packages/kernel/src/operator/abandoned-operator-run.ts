import { JobRecoveryError } from '@agent-runtime/core';
import { type JobRecord, JobStatus } from '@agent-runtime/jobs';
import type { KernelServices } from '../kernel-services';
import { isAbandonedOperatorJob, isOperatorCheckpoint } from './operator-checkpoint';

/** More jobs than any operator run has (`maxChildJobs` × `maxDepth`): a bound on the walk of its tree. */
const MAX_RUN_JOBS = 10_000;

/**
 * Ends the operator run of `job`, which no live kernel holds (see `isAbandonedOperatorJob`): operators are not
 * resumed from a checkpoint, so every active job of the run ends `failed` with JobRecoveryError and their
 * pending actions are withdrawn. A running job is failed only once this kernel took its lease, so a live kernel
 * is never overruled. Returns the jobs it ended (none when `job` is held after all).
 */
export async function failAbandonedRun(
  services: Pick<KernelServices, 'jobs' | 'actions' | 'clock' | 'durable'>,
  job: JobRecord,
  graceMs: number,
): Promise<JobRecord[]> {
  const { jobs, durable } = services;
  if (!isAbandonedOperatorJob(job, services.clock.now(), graceMs) || !isOperatorCheckpoint(job.checkpoint))
    return [];
  const lease = { leaseSeconds: durable.leaseSeconds };
  if (!(await jobs.claimLease(job.jobId, lease))) return [];
  const ended: JobRecord[] = [];
  for (const member of await runJobs(services, job.checkpoint.operatorRun)) {
    if (member.isTerminal) continue;
    if (member.status === JobStatus.RUNNING && member.jobId !== job.jobId) {
      if (!(await jobs.claimLease(member.jobId, lease))) continue;
    }
    const error = new JobRecoveryError({
      jobId: member.jobId,
      recoveries: member.recoveries,
      message:
        `operator job ${member.jobId} was abandoned: the kernel running its operator stopped, ` +
        'and operators are not resumed from a checkpoint',
    });
    ended.push(
      await jobs.fail(member.jobId, error.message, { errorCode: error.code, errorName: error.name }),
    );
    await withdrawActions(services, member.jobId);
  }
  return ended;
}

/** The root job of the run and every job below it, parents before children. */
async function runJobs({ jobs }: Pick<KernelServices, 'jobs'>, rootJobId: string): Promise<JobRecord[]> {
  const root = await jobs.get(rootJobId);
  const found = root ? [root] : [];
  for (let i = 0; i < found.length && found.length < MAX_RUN_JOBS; i++)
    found.push(...(await jobs.list({ parentJobId: found[i]!.jobId })));
  return found;
}

async function withdrawActions({ actions }: Pick<KernelServices, 'actions'>, jobId: string): Promise<void> {
  for (const action of await actions.listPending({ jobId }))
    await actions.cancel(action.actionId, { reason: 'its operator job was abandoned' }).catch(() => {});
}
