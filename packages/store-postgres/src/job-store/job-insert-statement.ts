import type { JobRecord } from '@agent-runtime/jobs';
import { names, placeholders } from '../database/columns';
import type { TableRef } from '../database/table-ref';
import { DB_NOW_MS } from './db-now-ms';
import { JOB_COLUMNS } from './job-columns';
import { jobParams, WRITTEN_COLUMNS } from './written-job';

const COLUMN_LIST = names(JOB_COLUMNS);
const LEASE_EXPIRY_INDEX = JOB_COLUMNS.findIndex((c) => c.name === 'lease_expires_at');
const VALUES = placeholders(JOB_COLUMNS).join(', ');
/** The same, with the lease's expiry from the database's clock: its parameter is the lease's length. */
const LEASED_VALUES = placeholders(JOB_COLUMNS)
  .map((placeholder, i) => (i === LEASE_EXPIRY_INDEX ? `${DB_NOW_MS} + ${placeholder}` : placeholder))
  .join(', ');

/**
 * The `INSERT … ON CONFLICT DO NOTHING RETURNING ${WRITTEN_COLUMNS}` of a new job (no row: its id or idempotency key is taken).
 * With `leaseMs` and a lease owner on the job, the lease expires `leaseMs` after the database's now.
 */
export function jobInsertStatement(
  table: TableRef,
  job: JobRecord,
  leaseMs: number | undefined,
): { sql: string; params: unknown[] } {
  const params = jobParams(job, JOB_COLUMNS);
  const leased = leaseMs !== undefined && job.leaseOwner !== undefined;
  if (leased) params[LEASE_EXPIRY_INDEX] = leaseMs;
  return {
    sql: `INSERT INTO ${table.qualified} (${COLUMN_LIST}) VALUES (${leased ? LEASED_VALUES : VALUES})
       ON CONFLICT DO NOTHING RETURNING ${WRITTEN_COLUMNS}`,
    params,
  };
}
