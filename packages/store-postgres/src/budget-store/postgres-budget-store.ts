import { type Budget, type BudgetKey, type BudgetStore, budget, budgetKey } from '@agent-runtime/ledger';
import type { PostgresDatabase, SqlDatabase } from '../database/sql-database';
import { type TableOptions, TableRef } from '../database/table-ref';
import { toSqlDatabase } from '../database/to-sql-database';
import { MigrationGate, runMigrations } from '../migrations';
import { applicableBudgetsCondition, BUDGETS_RANK, budgetFromJson, keyParams } from './applicable-budgets';
import { BUDGET_MIGRATIONS } from './budget-table';

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

  /** Resolves once the table exists (migrated on first use), for statements of other stores that read it. */
  async ready(): Promise<void> {
    await this.gate.ensure();
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
    return rows[0] ? budgetFromJson(rows[0].budget) : undefined;
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
      `SELECT budget FROM ${this.table.qualified} WHERE ${applicableBudgetsCondition(1)} ORDER BY ${BUDGETS_RANK}`,
      params,
    );
    return rows.map((row) => budgetFromJson(row.budget));
  }
}
