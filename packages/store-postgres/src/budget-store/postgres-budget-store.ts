import { type Budget, type BudgetKey, type BudgetStore, budget, budgetKey } from '@agent-runtime/ledger';
import type { PostgresDatabase, SqlDatabase } from '../database/sql-database';
import { type TableOptions, TableRef } from '../database/table-ref';
import { toSqlDatabase } from '../database/to-sql-database';
import { MigrationGate, runMigrations } from '../migrations';
import { BUDGET_MIGRATIONS } from './budget-table';

/** scope, principal, session, principal+session: the order `applicable` returns budgets in. */
const RANK = `(principal_id <> '')::int + 2 * (session_id <> '')::int`;

/**
 * A BudgetStore on PostgreSQL or PGlite: every Ledger (every kernel, every process) given a store on the same
 * table reads the budgets any of them set, at its next check. One upsert per `set`, one indexed read per
 * check. The table is created on first use (or by `migrate()`).
 */
export class PostgresBudgetStore implements BudgetStore {
  readonly table: TableRef;
  private readonly db: SqlDatabase;
  private readonly gate: MigrationGate;

  constructor(db: PostgresDatabase, options: TableOptions = {}) {
    this.table = TableRef.from(options, 'runtime_budgets', 'options');
    this.db = toSqlDatabase(db);
    this.gate = new MigrationGate(() => this.migrate());
  }

  /** Creates or upgrades the table; returns the migration versions it applied. */
  migrate(): Promise<number[]> {
    return runMigrations(this.db, this.table, BUDGET_MIGRATIONS);
  }

  async set(input: Budget): Promise<void> {
    const validated = budget(input);
    const key = budgetKey(validated);
    await this.gate.ensure();
    await this.db.query(
      `INSERT INTO ${this.table.qualified} (scope_id, principal_id, session_id, budget)
       VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (scope_id, principal_id, session_id)
       DO UPDATE SET budget = excluded.budget, updated_at = now()`,
      [...keyParams(key), JSON.stringify(validated)],
    );
  }

  async get(key: BudgetKey): Promise<Budget | undefined> {
    const params = keyParams(budgetKey(key));
    await this.gate.ensure();
    const { rows } = await this.db.query<{ budget: unknown }>(
      `SELECT budget FROM ${this.table.qualified} WHERE scope_id = $1 AND principal_id = $2 AND session_id = $3`,
      params,
    );
    return rows[0] ? fromRow(rows[0].budget) : undefined;
  }

  async remove(key: BudgetKey): Promise<boolean> {
    const params = keyParams(budgetKey(key));
    await this.gate.ensure();
    const { rowCount } = await this.db.query(
      `DELETE FROM ${this.table.qualified} WHERE scope_id = $1 AND principal_id = $2 AND session_id = $3`,
      params,
    );
    return (rowCount ?? 0) > 0;
  }

  async applicable(identity: BudgetKey): Promise<Budget[]> {
    const params = keyParams(budgetKey(identity));
    await this.gate.ensure();
    const { rows } = await this.db.query<{ budget: unknown }>(
      `SELECT budget FROM ${this.table.qualified}
       WHERE scope_id = $1 AND principal_id IN ('', $2) AND session_id IN ('', $3)
       ORDER BY ${RANK}`,
      params,
    );
    return rows.map((row) => fromRow(row.budget));
  }
}

function keyParams(key: BudgetKey): [string, string, string] {
  return [key.scopeId, key.principalId ?? '', key.sessionId ?? ''];
}

/** A stored Budget: JSON (costs as decimal strings), validated again on the way out. */
function fromRow(json: unknown): Budget {
  const value = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, unknown>;
  return budget(value as never);
}
