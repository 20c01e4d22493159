import type { BudgetLimit, UsageFilter } from '@agent-runtime/ledger';
import { names } from '../database/columns';
import { SqlParams } from '../database/sql-params';
import type { TableRef } from '../database/table-ref';
import { LEDGER_COLUMNS } from './ledger-columns';

const EVENT_COLUMNS = names(LEDGER_COLUMNS);

/** The WHERE conditions of a (validated) usage/event filter; `since` inclusive, `until` exclusive. */
export function usageConditions(filter: UsageFilter): SqlParams {
  const sql = new SqlParams();
  if (filter.scopeId !== undefined) sql.where(`scope_id = ${sql.add(filter.scopeId)}`);
  if (filter.principalId !== undefined) sql.where(`principal_id = ${sql.add(filter.principalId)}`);
  if (filter.sessionId !== undefined) sql.where(`session_id = ${sql.add(filter.sessionId)}`);
  if (filter.jobId !== undefined) sql.where(`job_id = ${sql.add(filter.jobId)}`);
  if (filter.since !== undefined) sql.where(`timestamp >= ${sql.add(filter.since)}`);
  if (filter.until !== undefined) sql.where(`timestamp < ${sql.add(filter.until)}`);
  return sql;
}

/** The metric of a limit over one events row `e`: total tokens, cost, or 1 per model/tool usage event. */
const EVENT_METRIC = `CASE l.metric
  WHEN 'tokens' THEN e.total_tokens::numeric
  WHEN 'cost' THEN e.cost
  WHEN 'requests' THEN CASE WHEN e.type = 'model_usage' THEN 1 ELSE 0 END
  WHEN 'toolCalls' THEN CASE WHEN e.type = 'tool_usage' THEN 1 ELSE 0 END END`;

/** The metric of a limit over one reservations row `r`: the reservation's amount of it. */
const RESERVED_METRIC = `CASE l.metric
  WHEN 'tokens' THEN r.tokens WHEN 'cost' THEN r.cost
  WHEN 'requests' THEN r.requests WHEN 'toolCalls' THEN r.tool_calls END`;

/** Matches a row's scope (and principal/session/job when the limit sets them) to the limit `l`. */
const MATCHES_LIMIT = (row: string) => `${row}.scope_id = l.scope_id
  AND (l.principal_id IS NULL OR ${row}.principal_id = l.principal_id)
  AND (l.session_id IS NULL OR ${row}.session_id = l.session_id)
  AND (l.job_id IS NULL OR ${row}.job_id = l.job_id)`;

/**
 * One statement measuring every limit: `used` over events since the limit's window start, `reserved` over
 * open reservations unexpired at `$2`; sums are `numeric`, returned as decimal strings in the limits' order.
 */
export function measureStatement(table: TableRef): string {
  return `WITH l AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS x(idx integer, metric text, scope_id text, principal_id text, session_id text, job_id text,
        since bigint))
  SELECT l.idx,
    (SELECT coalesce(sum(${EVENT_METRIC}), 0) FROM ${table.qualified} e
      WHERE ${MATCHES_LIMIT('e')} AND (l.since IS NULL OR e.timestamp >= l.since))::text AS used,
    (SELECT coalesce(sum(${RESERVED_METRIC}), 0) FROM ${table.companion('reservations')} r
      WHERE ${MATCHES_LIMIT('r')} AND r.state = 'open' AND r.expires_at > $2)::text AS reserved
  FROM l ORDER BY l.idx`;
}

/** The `$1` of measureStatement: the limits as JSON rows. */
export function limitsParam(limits: readonly BudgetLimit[]): string {
  return JSON.stringify(
    limits.map((limit, idx) => ({
      idx,
      metric: limit.metric,
      scope_id: limit.scopeId,
      principal_id: limit.principalId ?? null,
      session_id: limit.sessionId ?? null,
      job_id: limit.jobId ?? null,
      since: limit.since ?? null,
    })),
  );
}

/**
 * Closes reservation `$1` to state `$2` if it is open and, only then, inserts the events of `$3` (a JSON array
 * of events-table rows, stored in array order), all in one statement. Returns `closed` and the reservation's
 * state as of the statement's snapshot (`open` with `closed` false: a concurrent close got there first).
 */
export function closeReservationStatement(reservations: string, events: string): string {
  return `WITH closed AS (
    UPDATE ${reservations} SET state = $2 WHERE reservation_id = $1 AND state = 'open' RETURNING 1),
  inserted AS (
    INSERT INTO ${events} (${EVENT_COLUMNS})
    SELECT ${EVENT_COLUMNS.split(', ')
      .map((c) => `r.${c}`)
      .join(', ')}
    FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS a(value, ord)
      CROSS JOIN LATERAL jsonb_populate_record(NULL::${events}, a.value) AS r
    WHERE EXISTS (SELECT 1 FROM closed)
    ORDER BY a.ord)
  SELECT EXISTS (SELECT 1 FROM closed) AS closed,
    (SELECT state FROM ${reservations} WHERE reservation_id = $1) AS state`;
}
