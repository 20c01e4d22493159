import { rethrowTyped } from './connection-errors';
import type { PgPoolLike, SqlDatabase, SqlQueryable, SqlResult } from './sql-database';

type PgQueryable = Pick<PgPoolLike, 'query'>;

async function run<Row>(
  target: PgQueryable,
  text: string,
  params: readonly unknown[],
): Promise<SqlResult<Row>> {
  try {
    const result = await target.query(text, [...params]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  } catch (error) {
    return rethrowTyped(error);
  }
}

/** SqlDatabase over a `pg.Pool`: each query borrows a connection; a transaction keeps one until it ends. */
export class PgPoolDatabase implements SqlDatabase {
  readonly kind = 'pg';
  constructor(private readonly pool: PgPoolLike) {}

  query<Row = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<SqlResult<Row>> {
    return run<Row>(this.pool, text, params);
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch(rethrowTyped);
    const tx: SqlQueryable = { query: (text, params = []) => run(client, text, params) };
    let broken: unknown;
    try {
      await tx.query('BEGIN');
      const result = await work(tx);
      await tx.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }
}
