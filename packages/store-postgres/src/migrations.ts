import type { SqlDatabase } from './database/sql-database';
import type { TableRef } from './database/table-ref';

/** One versioned schema change of a store's table. Statements must be idempotent (IF NOT EXISTS). */
export interface Migration {
  readonly version: number;
  readonly description: string;
  statements(table: TableRef): string[];
}

/** Both halves of the advisory lock key: agent-runtime's namespace, and "migrations". */
const LOCK_NAMESPACE = 0x61_67_72_74;
const LOCK_MIGRATIONS = 1;
export const MIGRATIONS_TABLE = 'agent_runtime_migrations';

/**
 * Applies the migrations of `table` not yet recorded, in version order, in one transaction under a
 * transaction-scoped advisory lock, so two processes starting at once never run the same DDL concurrently.
 * Returns the versions it applied (empty when the table was already current).
 */
export function runMigrations(
  db: SqlDatabase,
  table: TableRef,
  migrations: readonly Migration[],
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCK_MIGRATIONS]);
    if (table.schema !== undefined) await tx.query(`CREATE SCHEMA IF NOT EXISTS "${table.schema}"`);
    const ledger = table.sibling(MIGRATIONS_TABLE);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${ledger} (
         table_name text NOT NULL,
         version integer NOT NULL,
         description text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (table_name, version))`,
    );
    const { rows } = await tx.query<{ version: number }>(
      `SELECT version FROM ${ledger} WHERE table_name = $1`,
      [table.tableName],
    );
    const done = new Set(rows.map((row) => Number(row.version)));
    const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
    for (const migration of pending) {
      for (const statement of migration.statements(table)) await tx.query(statement);
      await tx.query(`INSERT INTO ${ledger} (table_name, version, description) VALUES ($1, $2, $3)`, [
        table.tableName,
        migration.version,
        migration.description,
      ]);
    }
    return pending.map((m) => m.version);
  });
}

/** Runs `migrate` once per instance on first use; a failed attempt is retried by the next call. */
export class MigrationGate {
  private ready: Promise<unknown> | undefined;
  constructor(private readonly migrate: () => Promise<unknown>) {}

  ensure(): Promise<unknown> {
    this.ready ??= this.migrate().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}
