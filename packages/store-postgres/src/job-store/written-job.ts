import { budgetSpecToJSON } from '@agent-runtime/core';
import type { JobRecord } from '@agent-runtime/jobs';
import { type Column, paramsOf } from '../database/columns';

/**
 * What a job write returns: only the columns the database sets itself (the rest is what the statement wrote).
 * Returning whole rows cost a parse of every column, the checkpoint included, on every write.
 */
export const WRITTEN_COLUMNS = 'version, lease_expires_at';

/** The parameter values of a job's `columns`: its frozen fields as they are (no copy), budgets as JSON. */
export function jobParams(job: JobRecord, columns: readonly Column[]): unknown[] {
  return paramsOf({ ...job, budgets: budgetSpecToJSON(job.budgets) }, columns);
}

/** `job` as its write stored it, from the `WRITTEN_COLUMNS` of the returned row. */
export function writtenJob(job: JobRecord, row: Record<string, unknown>): JobRecord {
  const version = Number(row.version);
  const stored = version === job.version ? job : job.withVersion(version);
  const expiresAt = row.lease_expires_at === null ? undefined : Number(row.lease_expires_at);
  if (job.leaseOwner === undefined || expiresAt === undefined || expiresAt === job.leaseExpiresAt)
    return stored;
  return stored.withLease(job.leaseOwner, expiresAt);
}
