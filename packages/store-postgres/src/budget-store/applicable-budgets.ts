import { type Budget, type BudgetKey, budget } from '@agent-runtime/ledger';
import type { TableRef } from '../database/table-ref';

/** scope, principal, session, principal+session: the order `applicable` returns budgets in. */
export const BUDGETS_RANK = `(principal_id <> '')::int + 2 * (session_id <> '')::int`;

/** The budgets that govern the identity whose key params (see keyParams) start at `$first`. */
export function applicableBudgetsCondition(first: number): string {
  return `scope_id = $${first} AND principal_id IN ('', $${first + 1}) AND session_id IN ('', $${first + 2})`;
}

/** A scalar subquery: those budgets as one jsonb array, in `applicable` order. */
export function applicableBudgetsJson(table: TableRef, first: number): string {
  return `(SELECT coalesce(jsonb_agg(budget ORDER BY ${BUDGETS_RANK}), '[]'::jsonb) FROM ${table.qualified}
    WHERE ${applicableBudgetsCondition(first)})`;
}

/** A budget key as the table's key columns (`''` for an absent id). */
export function keyParams(key: BudgetKey): [string, string, string] {
  return [key.scopeId, key.principalId ?? '', key.sessionId ?? ''];
}

/** A stored Budget: JSON (costs as decimal strings), validated again on the way out. */
export function budgetFromJson(json: unknown): Budget {
  const value = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, unknown>;
  return budget(value as never);
}
