import { JobStatus } from './job-status';

/**
 * The job state machine: QUEUED → RUNNING ⇄ WAITING_ACTION → a terminal state. Every active state may fail,
 * be cancelled or time out; only a running job succeeds; terminal states go nowhere.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  [JobStatus.QUEUED]: [JobStatus.RUNNING, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.TIMED_OUT],
  [JobStatus.RUNNING]: [
    JobStatus.WAITING_ACTION,
    JobStatus.SUCCEEDED,
    JobStatus.FAILED,
    JobStatus.CANCELLED,
    JobStatus.TIMED_OUT,
  ],
  [JobStatus.WAITING_ACTION]: [JobStatus.RUNNING, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.TIMED_OUT],
  [JobStatus.SUCCEEDED]: [],
  [JobStatus.FAILED]: [],
  [JobStatus.CANCELLED]: [],
  [JobStatus.TIMED_OUT]: [],
};

export function isAllowedTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}
