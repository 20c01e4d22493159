import { decodeJobCursor, filterStatuses, type JobFilter } from '@agent-runtime/jobs';
import { SqlParams } from '../database/sql-params';

/** The WHERE conditions of a (validated) JobFilter, paging aside. */
export function jobConditions(filter: JobFilter): SqlParams {
  const sql = new SqlParams();
  const equal = (columnName: string, value: string | undefined) => {
    if (value !== undefined) sql.where(`${columnName} = ${sql.add(value)}`);
  };
  equal('scope_id', filter.scopeId);
  equal('principal_id', filter.principalId);
  equal('session_id', filter.sessionId);
  equal('parent_job_id', filter.parentJobId);
  const statuses = filterStatuses(filter);
  if (statuses !== undefined) sql.where(`status = ANY(${sql.add(statuses)}::text[])`);
  if (filter.tags !== undefined && Object.keys(filter.tags).length > 0) {
    sql.where(`tags @> ${sql.add(JSON.stringify(filter.tags))}::jsonb`);
  }
  if (filter.createdAfter !== undefined) sql.where(`created_at >= ${sql.add(filter.createdAfter)}`);
  if (filter.createdBefore !== undefined) sql.where(`created_at < ${sql.add(filter.createdBefore)}`);
  if (filter.deadlineBefore !== undefined) sql.where(`deadline <= ${sql.add(filter.deadlineBefore)}`);
  return sql;
}

/** Conditions, order and paging of JobStore.list in SQL: `(created_at, job_id)` order, cursor as a row comparison. */
export function jobListQuery(filter: JobFilter): { sql: SqlParams; tail: string } {
  const sql = jobConditions(filter);
  const desc = filter.order === 'desc';
  if (filter.cursor !== undefined) {
    const cursor = decodeJobCursor(filter.cursor);
    sql.where(
      `(created_at, job_id) ${desc ? '<' : '>'} (${sql.add(cursor.createdAt)}, ${sql.add(cursor.jobId)})`,
    );
  }
  const direction = desc ? 'DESC' : 'ASC';
  let tail = `ORDER BY created_at ${direction}, job_id ${direction}`;
  if (filter.limit !== undefined) tail += ` LIMIT ${sql.add(filter.limit)}`;
  if (filter.offset !== undefined) tail += ` OFFSET ${sql.add(filter.offset)}`;
  return { sql, tail };
}
