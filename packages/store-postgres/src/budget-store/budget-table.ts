import type { Migration } from '../migrations';

/**
 * One row per budget, keyed by (scope, principal, session) with `''` for an absent id (ids are never empty),
 * the Budget as JSON with its costs as decimal strings.
 */
export const BUDGET_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'create budgets table',
    statements: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t.qualified} (
         scope_id text NOT NULL,
         principal_id text NOT NULL DEFAULT '',
         session_id text NOT NULL DEFAULT '',
         budget jsonb NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (scope_id, principal_id, session_id))`,
    ],
  },
];
