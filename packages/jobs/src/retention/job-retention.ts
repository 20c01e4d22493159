import { z } from 'zod';

/** How long an in-memory JobStore keeps jobs that have finished (succeeded, failed, cancelled, timed out). */
export interface JobRetention {
  /**
   * Finished jobs kept; beyond that the job that finished first is dropped. Jobs still queued, running or
   * waiting are never dropped.
   * @default 1000
   */
  finishedJobs?: number;
  /**
   * Finished jobs are dropped this many seconds after they finished.
   * @default undefined (no age limit: `finishedJobs` alone bounds the store)
   */
  maxAgeSeconds?: number;
}

export const DEFAULT_FINISHED_JOBS = 1000;

export const jobRetentionSchema = z
  .strictObject({
    finishedJobs: z.number().int().nonnegative().default(DEFAULT_FINISHED_JOBS),
    maxAgeSeconds: z.number().positive().optional(),
  })
  .default({ finishedJobs: DEFAULT_FINISHED_JOBS });
