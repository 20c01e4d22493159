import type { ExpectedBudgets, ReservationRequest } from '@agent-runtime/ledger';
import { applicableBudgetsJson, keyParams } from '../budget-store/applicable-budgets';
import type { TableRef } from '../database/table-ref';
import { insertReservation, limitsParam, reservationParam, USAGE_COLUMNS } from './ledger-queries';

/** One statement and its parameters. */
export interface Statement {
  readonly text: string;
  readonly params: readonly unknown[];
}

/**
 * The one statement of a reservation. Under limits it calls the reserve function (lock, measure, insert; a row
 * per limit); under none it inserts (one row). With `budgets`, the identity's budgets are read from
 * `budgetsTable` in the same statement: the reservation is stored only if they are the expected ones, and the
 * `budgets` column carries them when they are not (NULL when they are). A request with a job also gets its
 * job's recorded usage (`job_usage`), so the caller needs no read of it before the step.
 */
export function reserveStatement(
  ledger: TableRef,
  request: ReservationRequest,
  lockKey: string,
  budgets?: { readonly table: TableRef; readonly check: ExpectedBudgets },
): Statement {
  const locked = request.limits.length > 0;
  const params: unknown[] = locked
    ? [reservationParam(request), limitsParam(request.limits), lockKey]
    : [reservationParam(request)];
  let current = 'true';
  let budgetsColumn = 'NULL::jsonb';
  let withBudgets = '';
  if (budgets) {
    const expected = `$${params.length + 1}::jsonb`;
    const first = params.push(JSON.stringify(budgets.check.expected)) + 1;
    params.push(...keyParams(budgets.check.identity));
    withBudgets = `b AS (SELECT ${applicableBudgetsJson(budgets.table, first)} AS budgets)`;
    current = `(SELECT budgets FROM b) = ${expected}`;
    budgetsColumn = `CASE WHEN ${current} THEN NULL ELSE (SELECT budgets FROM b) END`;
  }
  const jobUsage =
    request.jobId === undefined
      ? ''
      : `, (SELECT to_jsonb(u) FROM (SELECT ${USAGE_COLUMNS} FROM ${ledger.qualified}
          WHERE job_id = $1::jsonb ->> 'job_id') u) AS job_usage`;
  const text = locked
    ? `${withBudgets ? `WITH ${withBudgets}` : ''}
      SELECT r.limit_idx, r.used, r.reserved, r.refused, r.stored, ${budgetsColumn} AS budgets${jobUsage}
      FROM ${ledger.companion('reserve')}($1::jsonb, $2::jsonb, $3, ${current}) r ORDER BY r.limit_idx`
    : `WITH ${withBudgets ? `${withBudgets}, ` : ''}
      inserted AS (${insertReservation(ledger.companion('reservations'), '$1::jsonb', current)})
      SELECT EXISTS (SELECT 1 FROM inserted) AS stored, ${budgetsColumn} AS budgets${jobUsage}`;
  return { text, params };
}
