import type { Migration } from '../migrations';

/**
 * The event log: one row per event keyed `(job_id, seq)` (the event as JSON text, so it reads back exactly),
 * and the `_heads` companion, one row per job with its last `seq` (the counter appends lock and bump) and its
 * newest event's timestamp (what `prune` compares).
 */
export const EVENT_LOG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'create event log and heads tables',
    statements: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t.qualified} (
         job_id text NOT NULL,
         seq bigint NOT NULL,
         event_id text NOT NULL,
         type text NOT NULL,
         timestamp bigint NOT NULL,
         event json NOT NULL,
         PRIMARY KEY (job_id, seq))`,
      `CREATE TABLE IF NOT EXISTS ${t.companion('heads')} (
         job_id text PRIMARY KEY,
         last_seq bigint NOT NULL,
         last_at bigint NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('heads_last_at_idx')} ON ${t.companion('heads')} (last_at)`,
    ],
  },
];
