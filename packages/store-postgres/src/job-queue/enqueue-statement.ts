import { names, placeholders } from '../database/columns';
import type { TableRef } from '../database/table-ref';
import { JOB_COLUMNS } from '../job-store/job-columns';

/**
 * The enqueue, one statement (the job's columns, then its queue priority, then the NOTIFY channel): insert the
 * job unless its id or (scope, idempotency key) exists, make sure its scope has a slots row, and NOTIFY only
 * when a job was inserted (PostgreSQL delivers it on commit). One round trip instead of a transaction's five.
 */
export function enqueueStatement(jobs: TableRef, slots: TableRef): string {
  const values = placeholders(JOB_COLUMNS);
  const priority = `$${values.length + 1}`;
  const channel = `$${values.length + 2}`;
  return `
WITH inserted AS (
  INSERT INTO ${jobs.qualified} (${names(JOB_COLUMNS)}, queue_priority)
  VALUES (${values.join(', ')}, ${priority}) ON CONFLICT DO NOTHING RETURNING *),
slot AS (
  INSERT INTO ${slots.qualified} (scope_id) SELECT scope_id FROM inserted ON CONFLICT DO NOTHING),
notified AS (SELECT pg_notify(${channel}::text, '') FROM inserted)
SELECT inserted.* FROM inserted CROSS JOIN notified`;
}
