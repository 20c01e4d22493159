import type { Migration } from '../migrations';
import { RESERVATION_LOCK_NAMESPACE, reserveFunction } from './ledger-queries';

/**
 * The ledger: an append-only events table (`seq` keeps write order; cost is `numeric`, summed exactly) and
 * its `_reservations` companion, the budget headroom held between reserve and settle/release.
 */
export const LEDGER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'create ledger events and reservations tables and indexes',
    statements: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t.qualified} (
         seq bigint GENERATED ALWAYS AS IDENTITY,
         event_id text PRIMARY KEY,
         type text NOT NULL,
         timestamp bigint NOT NULL,
         job_id text,
         run_id text,
         scope_id text NOT NULL,
         principal_id text,
         session_id text,
         provider text NOT NULL,
         model text NOT NULL,
         input_tokens bigint NOT NULL,
         output_tokens bigint NOT NULL,
         total_tokens bigint NOT NULL,
         cost numeric NOT NULL,
         duration_ms double precision NOT NULL,
         metadata jsonb NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('scope_time_idx')} ON ${t.qualified} (scope_id, timestamp)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('principal_time_idx')}
         ON ${t.qualified} (scope_id, principal_id, timestamp)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('job_time_idx')} ON ${t.qualified} (job_id, timestamp)
         WHERE job_id IS NOT NULL`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('time_idx')} ON ${t.qualified} (timestamp, seq)`,
      `CREATE TABLE IF NOT EXISTS ${t.companion('reservations')} (
         reservation_id text PRIMARY KEY,
         scope_id text NOT NULL,
         principal_id text,
         job_id text,
         tokens numeric NOT NULL,
         cost numeric NOT NULL,
         requests numeric NOT NULL,
         tool_calls numeric NOT NULL,
         state text NOT NULL,
         created_at bigint NOT NULL,
         expires_at bigint NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('reservations_open_idx')}
         ON ${t.companion('reservations')} (scope_id, expires_at) WHERE state = 'open'`,
    ],
  },
  {
    version: 2,
    description: 'session budgets: reservations carry the session; events indexed by session',
    statements: (t) => [
      `ALTER TABLE ${t.companion('reservations')} ADD COLUMN IF NOT EXISTS session_id text`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('session_time_idx')}
         ON ${t.qualified} (scope_id, session_id, timestamp) WHERE session_id IS NOT NULL`,
    ],
  },
  {
    version: 3,
    description:
      'reserve under limits in one statement: a function that locks the scope, then measures and inserts',
    statements: (t) => [reserveFunction(t, RESERVATION_LOCK_NAMESPACE)],
  },
];
