import type { JobRecord } from '@agent-runtime/jobs';

/**
 * The checkpoint of an operator job and of each of its child jobs: it marks the job as part of the operator run
 * rooted at `rootJobId`. An operator is not resumed from a checkpoint: when its kernel stops, the run is lost.
 */
export interface OperatorCheckpoint {
  readonly operatorRun: string;
}

export function operatorCheckpoint(rootJobId: string): OperatorCheckpoint {
  return { operatorRun: rootJobId };
}

export function isOperatorCheckpoint(value: unknown): value is OperatorCheckpoint {
  return typeof (value as Partial<OperatorCheckpoint> | null | undefined)?.operatorRun === 'string';
}

/**
 * True for a running operator job no live kernel holds: its lease lapsed (its kernel died), or it was left
 * without one (an action was resolved) for longer than `graceMs`, in which its kernel would have taken it back.
 */
export function isAbandonedOperatorJob(job: JobRecord, now: number, graceMs: number): boolean {
  if (!isOperatorCheckpoint(job.checkpoint) || job.status !== 'running') return false;
  if (job.leaseOwner !== undefined) return (job.leaseExpiresAt ?? 0) <= now;
  return now - job.updatedAt >= graceMs;
}
