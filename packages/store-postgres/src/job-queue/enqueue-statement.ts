import { names, placeholders } from '../database/columns';
import type { TableRef } from '../database/table-ref';
import { JOB_COLUMNS } from '../job-store/job-columns';

/**
 * The enqueue, one statement (the job's columns, then its queue priority): insert the job unless its id or
 * (scope, idempotency key) exists, and make sure its scope has a slots row. One round trip instead of a
 * transaction's five. The queue sends its NOTIFY after this commits (see PostCommitNotifier).
 */
export function enqueueStatement(jobs: TableRef, slots: TableRef): string {
  const values = placeholders(JOB_COLUMNS);
  const priority = `$${values.length + 1}`;
  return `
WITH inserted AS (
  INSERT INTO ${jobs.qualified} (${names(JOB_COLUMNS)}, queue_priority)
  VALUES (${values.join(', ')}, ${priority}) ON CONFLICT DO NOTHING RETURNING *),
slot AS (
  INSERT INTO ${slots.qualified} (scope_id) SELECT scope_id FROM inserted ON CONFLICT DO NOTHING)
SELECT * FROM inserted`;
}
