import { Decimal } from '@agent-runtime/core';
import type { BudgetLimit, ReservationRequest, UsageFilter, UsageRecord } from '@agent-runtime/ledger';
import { names } from '../database/columns';
import { SqlParams } from '../database/sql-params';
import { relaxedCommitItem } from '../database/synchronous-commit';
import type { TableRef } from '../database/table-ref';
import { LEDGER_COLUMNS } from './ledger-columns';

const EVENT_COLUMNS = names(LEDGER_COLUMNS);

/** First half of the per-scope advisory lock key of reservations ("ledg"). */
export const RESERVATION_LOCK_NAMESPACE = 0x6c_65_64_67;

/** The select list of a usage sum over events rows (see usageOfRow). */
export const USAGE_COLUMNS = `coalesce(sum(input_tokens), 0)::text AS input_tokens,
  coalesce(sum(output_tokens), 0)::text AS output_tokens,
  coalesce(sum(total_tokens), 0)::text AS total_tokens,
  coalesce(sum(cost), 0)::text AS cost,
  count(*) FILTER (WHERE type = 'model_usage')::integer AS requests,
  count(*) FILTER (WHERE type = 'tool_usage')::integer AS tool_calls`;

/** A row of USAGE_COLUMNS as a UsageRecord. */
export function usageOfRow(row: Record<string, string | number>): UsageRecord {
  return {
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    totalTokens: Number(row.total_tokens),
    cost: new Decimal(row.cost!),
    requests: Number(row.requests),
    toolCalls: Number(row.tool_calls),
  };
}

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

/** The rows of a limits JSON array (see limitsParam) as `l`-shaped columns. */
const limitRows = (source: string) => `SELECT * FROM jsonb_to_recordset(${source})
  AS x(idx integer, metric text, scope_id text, principal_id text, session_id text, job_id text, since bigint,
    max_value numeric, enforce boolean)`;

/** `used` (events since the window start) and `reserved` (open reservations unexpired at `now`) of limit `l`. */
const measuredColumns = (table: TableRef, now: string) => `
  (SELECT coalesce(sum(${EVENT_METRIC}), 0) FROM ${table.qualified} e
    WHERE ${MATCHES_LIMIT('e')} AND (l.since IS NULL OR e.timestamp >= l.since)) AS used,
  (SELECT coalesce(sum(${RESERVED_METRIC}), 0) FROM ${table.companion('reservations')} r
    WHERE ${MATCHES_LIMIT('r')} AND r.state = 'open' AND r.expires_at > ${now}) AS reserved`;

/**
 * One statement measuring every limit of `$1` (limitsParam) at `$2`; sums are `numeric`, returned as decimal
 * strings in the limits' order.
 */
export function measureStatement(table: TableRef): string {
  return `SELECT m.idx, m.used::text AS used, m.reserved::text AS reserved
  FROM (SELECT l.idx, ${measuredColumns(table, '$2')} FROM (${limitRows('$1::jsonb')}) l) m ORDER BY m.idx`;
}

/** The `$1` of measureStatement (and the limits of reserveFunction): the limits as JSON rows. */
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
      max_value: limit.max.toString(),
      enforce: limit.enforce,
    })),
  );
}

/** The reservation row of a request as JSON (see reservationParam), as `q`-shaped columns. */
const reservationRow = (source: string) => `jsonb_to_record(${source})
  AS q(reservation_id text, scope_id text, principal_id text, session_id text, job_id text, tokens numeric,
    cost numeric, requests numeric, tool_calls numeric, created_at bigint, expires_at bigint)`;

/** Inserts the open reservation of `source` when `condition` holds (a taken id inserts nothing). */
export function insertReservation(reservations: string, source: string, condition: string): string {
  return `INSERT INTO ${reservations} (reservation_id, scope_id, principal_id, session_id, job_id, tokens, cost,
      requests, tool_calls, state, created_at, expires_at)
    SELECT q.reservation_id, q.scope_id, q.principal_id, q.session_id, q.job_id, q.tokens, q.cost, q.requests,
      q.tool_calls, 'open', q.created_at, q.expires_at
    FROM ${reservationRow(source)} WHERE ${condition}
    ON CONFLICT DO NOTHING RETURNING 1`;
}

/** A reservation request as the JSON row insertReservation and reserveFunction read. */
export function reservationParam(request: ReservationRequest): string {
  const { amount } = request;
  return JSON.stringify({
    reservation_id: request.reservationId,
    scope_id: request.scopeId,
    principal_id: request.principalId ?? null,
    session_id: request.sessionId ?? null,
    job_id: request.jobId ?? null,
    tokens: String(amount.tokens),
    cost: new Decimal(amount.cost).toString(),
    requests: String(amount.requests),
    tool_calls: String(amount.toolCalls),
    created_at: request.now,
    expires_at: request.expiresAt,
  });
}

/**
 * `reserve(request, limits, lock_key, budgets_current)`: takes the advisory lock `(namespace, hashtext(lock_key))`,
 * then, in a statement of its own (a VOLATILE function's statements each take a fresh snapshot, so it sees
 * every reservation committed before the lock was granted), measures every limit and inserts the reservation
 * when `budgets_current` and no hard limit would be exceeded. One row per limit, in the limits' order.
 */
export function reserveFunction(table: TableRef, lockNamespace: number): string {
  const requested = `CASE l.metric WHEN 'tokens' THEN q.tokens WHEN 'cost' THEN q.cost
    WHEN 'requests' THEN q.requests WHEN 'toolCalls' THEN q.tool_calls END`;
  return `CREATE OR REPLACE FUNCTION ${table.companion('reserve')}(
      p_request jsonb, p_limits jsonb, p_lock_key text, p_budgets_current boolean)
    RETURNS TABLE (limit_idx integer, used text, reserved text, refused boolean, stored boolean)
    LANGUAGE sql VOLATILE AS $reserve$
  SELECT pg_advisory_xact_lock(${lockNamespace}, hashtext(p_lock_key));
  WITH m AS (
    SELECT l.idx, l.enforce, l.max_value, ${requested} AS requested, ${measuredColumns(table, 'q.created_at')}
    FROM (${limitRows('p_limits')}) l CROSS JOIN ${reservationRow('p_request')}),
  verdict AS (
    SELECT coalesce(bool_or(m.enforce AND m.used + m.reserved + m.requested > m.max_value), false) AS refused
    FROM m),
  inserted AS (${insertReservation(
    table.companion('reservations'),
    'p_request',
    'p_budgets_current AND NOT (SELECT refused FROM verdict)',
  )})
  SELECT m.idx, m.used::text, m.reserved::text, verdict.refused, EXISTS (SELECT 1 FROM inserted)
  FROM m CROSS JOIN verdict ORDER BY m.idx;
$reserve$`;
}

/**
 * Closes reservation `$1` to state `$2` if it is open and, only then, inserts the events of `$3` (a JSON array
 * of events-table rows, stored in array order), all in one statement. Returns `closed` and the reservation's
 * state as of the statement's snapshot (`open` with `closed` false: a concurrent close got there first).
 * `relaxed`: its commit does not wait for the WAL flush.
 */
export function closeReservationStatement(reservations: string, events: string, relaxed: boolean): string {
  return `WITH closed AS (
    UPDATE ${reservations} SET state = $2 WHERE reservation_id = $1 AND state = 'open'
    RETURNING 1${relaxedCommitItem(relaxed)}),
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
