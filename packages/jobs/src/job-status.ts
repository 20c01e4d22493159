/** The lifecycle states of a job. */
export const JobStatus = {
  QUEUED: 'queued',
  RUNNING: 'running',
  WAITING_ACTION: 'waiting_action',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TIMED_OUT: 'timed_out',
} as const;

export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

export const JOB_STATUSES: readonly JobStatus[] = Object.values(JobStatus);

const TERMINAL: ReadonlySet<JobStatus> = new Set([
  JobStatus.SUCCEEDED,
  JobStatus.FAILED,
  JobStatus.CANCELLED,
  JobStatus.TIMED_OUT,
]);

/** True for succeeded, failed, cancelled and timed_out: nothing changes a job after that. */
export function isTerminalStatus(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/** True for queued, running and waiting_action. */
export function isActiveStatus(status: JobStatus): boolean {
  return !TERMINAL.has(status);
}

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}
