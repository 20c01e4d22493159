import type { JobRecord } from '@agent-runtime/jobs';
import type { ExecutionUsage } from '../execution/execution-result';

/**
 * The checkpoint of an operator job and of each of its child jobs: it marks the job as part of the operator run
 * rooted at `rootJobId`. An operator is not resumed from a checkpoint: when its kernel stops, the run is lost.
 */
export interface OperatorCheckpoint {
  readonly operatorRun: string;
  /** Written as the operator job ends: what its stored result reports (another kernel, a duplicate reader). */
  readonly outcome?: OperatorOutcome;
}

/** An ended operator run as its job's stored result reports it: content as text, usage rolled up, artifacts. */
export interface OperatorOutcome {
  readonly content: string;
  readonly usage: ExecutionUsage;
  readonly artifactIds: readonly string[];
}

/** The checkpoint a job of the run starts with (JSON, as the job store keeps it). */
export function operatorCheckpoint(rootJobId: string): { operatorRun: string } {
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
