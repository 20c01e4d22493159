import { z } from 'zod';

/** How much history an InMemoryLedgerWriter keeps, so a long-lived process does not keep every event. */
export interface LedgerRetention {
  /**
   * Events kept one by one. `listEvents` (and a `getUsage` filter no index covers, such as a principal
   * without a scope) sees only the newest this many; every usage total also keeps its newest this many
   * exact to the millisecond and rolls older ones up into per-minute (two days' worth) and per-UTC-day
   * totals, which keep minute, daily, monthly and all-time budget windows exact. Also the number of settled
   * or released reservations remembered (a repeated settle answers `settled`, not `unknown`).
   * @default 1000
   */
  events?: number;
  /**
   * Jobs whose own usage (`getUsage({ jobId })`, per-request limits) is kept, the most recently written
   * first; a job with an open reservation is never dropped.
   * @default 1000
   */
  jobs?: number;
}

const DEFAULT_EVENTS = 1000;
const DEFAULT_JOBS = 1000;

export const ledgerRetentionSchema = z
  .strictObject({
    events: z.number().int().positive().default(DEFAULT_EVENTS),
    jobs: z.number().int().positive().default(DEFAULT_JOBS),
  })
  .default({ events: DEFAULT_EVENTS, jobs: DEFAULT_JOBS });
