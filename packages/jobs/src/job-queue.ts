import { ValidationError } from '@agent-runtime/core';
import { z } from 'zod';
import { JobRecord } from './job-record';
import { JobStatus } from './job-status';

/** What `claim` asks for: who claims, how many jobs at most, and how long their leases last. */
export interface ClaimOptions {
  /** The worker that will hold the leases of the claimed jobs. */
  workerId: string;
  /** At most this many jobs in one claim. */
  limit: number;
  /** Each claimed job's lease lasts this long from now, by the queue's clock (the database's, for SQL). */
  leaseMs: number;
}

/** A tenant's concurrency limit. */
export interface ScopeLimits {
  scopeId: string;
  /** At most this many of the scope's jobs are `running` at once through the queue; undefined = no limit. */
  maxRunningJobs?: number;
}

export interface EnqueueOptions {
  /**
   * Higher runs first within the job's scope (it never lets one tenant pass another).
   * @default 0
   */
  priority?: number;
}

/**
 * Queued jobs that workers claim, with per-scope limits and fairness across scopes. Prove an implementation
 * with `describeJobQueueContract` from `@agent-runtime/jobs/testing`.
 */
export interface JobQueue {
  /**
   * Stores a new `queued` job (the job store's create) and wakes claimers. With an idempotency key already used
   * in the scope, returns the existing job and stores nothing.
   */
  enqueue(job: JobRecord, options?: EnqueueOptions): Promise<JobRecord>;
  /**
   * Moves up to `limit` queued jobs to `running` with a lease held by `workerId`, atomically. A scope never has
   * more running jobs than its `maxRunningJobs` (the slot is taken in the claim and freed when the job leaves
   * `running`, for any reason). Scopes are served least-recently-served first, one job per scope per round
   * before any scope gets a second; within a scope, higher priority first, then oldest.
   */
  claim(options: ClaimOptions): Promise<JobRecord[]>;
  /**
   * Hands a running job held by `workerId` back to `queued` (lease cleared, slot freed); undefined, and
   * nothing changes, when the job is not running under that worker's lease.
   */
  release(jobId: string, options: { workerId: string }): Promise<JobRecord | undefined>;
  /** Persists the scope's limit (replacing the previous one). */
  setScopeLimits(limits: ScopeLimits): Promise<void>;
  getScopeLimits(scopeId: string): Promise<ScopeLimits>;
  /**
   * Optional: calls `onEnqueued` soon after jobs may have been enqueued (by any process sharing the queue),
   * until the returned function is called. Calls are coalesced and may be spurious; workers poll as well, so
   * a missed call delays a claim, never loses a job. Without it, workers only poll.
   */
  watch?(onEnqueued: () => void): Promise<StopWatching>;
}

/** Ends a `JobQueue.watch`. */
export type StopWatching = () => Promise<void>;

const id = z.string().min(1);

export const claimOptionsSchema = z.strictObject({
  workerId: id,
  limit: z.number().int().positive().max(1000),
  leaseMs: z.number().int().positive(),
});

export const scopeLimitsSchema = z.strictObject({
  scopeId: id,
  maxRunningJobs: z.number().int().nonnegative().optional(),
});

export const enqueueOptionsSchema = z.strictObject({ priority: z.number().int().optional() });

export const releaseOptionsSchema = z.strictObject({ workerId: id });

/** Only a new `queued` JobRecord may be enqueued. */
export function assertQueued(job: JobRecord): void {
  if (!(job instanceof JobRecord))
    throw new ValidationError({ field: 'job', message: 'job must be a JobRecord' });
  if (job.status !== JobStatus.QUEUED)
    throw new ValidationError({
      field: 'job.status',
      message: `an enqueued job must be queued, not ${job.status}`,
    });
}
