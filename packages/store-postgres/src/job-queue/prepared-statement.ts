import { createHash } from 'node:crypto';
import type { PostgresDatabase, SqlDatabase } from '../database/sql-database';
import { isPgPool } from '../database/to-sql-database';
import { rethrowTyped } from '../database/typed-database-error';

type Row = Record<string, unknown>;

/** A `pg.Pool`'s query by config: a `name` makes each connection parse and plan the text once, then reuse it. */
interface NamedQueries {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `text` as a named prepared statement on a `pg.Pool` (each connection parses and plans it once; the
 * claim's plan costs more than its execution), and as a plain statement on any other database (PGlite, an
 * SqlDatabase). The name is the text's hash: queues of other tables on the same pool never share one.
 */
export function preparedStatement(
  db: PostgresDatabase,
  sql: SqlDatabase,
  text: string,
): (params: readonly unknown[]) => Promise<Row[]> {
  if (!isPgPool(db)) return async (params) => (await sql.query<Row>(text, params)).rows;
  const pool = db as unknown as NamedQueries;
  const name = `agent_runtime_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  return async (params) => {
    try {
      return (await pool.query({ name, text, values: [...params] })).rows as Row[];
    } catch (error) {
      // a connection that prepared it before a migration changed the table's columns
      if (!isStaleResultType(error)) return rethrowTyped(error);
      return (await sql.query<Row>(text, params)).rows;
    }
  };
}

/** PostgreSQL's refusal to run a prepared statement whose result columns changed since it was planned. */
function isStaleResultType(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '0A000';
}
