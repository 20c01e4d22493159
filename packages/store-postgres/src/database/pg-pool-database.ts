import type { PgPoolClientLike, PgPoolLike, SqlDatabase, SqlQueryable, SqlResult } from './sql-database';
import { rethrowTyped } from './typed-database-error';

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

/** Pools that already have the listeners below (one set per pool, however many stores share it). */
const guardedPools = new WeakSet<PgPoolLike>();
const guardedClients = new WeakSet<object>();
const ignore = () => {};

/**
 * A connection that breaks (terminated by the server, network reset) emits `'error'`, and Node crashes
 * when nothing listens. The pool listens while a connection is idle and re-emits on itself; while one is
 * checked out nobody does, not even between the pool handing it over and the caller's first statement (an
 * error arriving in the same network read as the previous reply lands there). So every connection gets a
 * listener as the pool hands it out, and the pool one: the failed statement still rejects (with
 * PostgresConnectionError), and the pool drops the broken connection and opens a new one when needed.
 */
function guardAgainstConnectionErrors(pool: PgPoolLike): void {
  if (guardedPools.has(pool) || typeof pool.on !== 'function') return;
  guardedPools.add(pool);
  pool.on('error', ignore);
  pool.on('acquire', (client: PgPoolClientLike) => {
    if (guardedClients.has(client)) return;
    guardedClients.add(client);
    client.on?.('error', ignore);
  });
}

/**
 * SqlDatabase over a `pg.Pool`: each query borrows a connection; a transaction keeps one until it ends.
 * A connection that breaks fails the operation on it with PostgresConnectionError and is destroyed, not
 * returned to the pool; every other driver error becomes a typed error (see toTypedDatabaseError).
 */
export class PgPoolDatabase implements SqlDatabase {
  readonly kind = 'pg';
  constructor(private readonly pool: PgPoolLike) {
    guardAgainstConnectionErrors(pool);
  }

  query<Row = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<SqlResult<Row>> {
    return run<Row>(this.pool, text, params);
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch(rethrowTyped);
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken ??= error;
    };
    client.on?.('error', onError);
    const tx: SqlQueryable = { query: (text, params = []) => run(client, text, params) };
    try {
      await tx.query('BEGIN');
      const result = await work(tx);
      await tx.query('COMMIT');
      return result;
    } catch (error) {
      if (!broken)
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
      throw error;
    } finally {
      client.removeListener?.('error', onError);
      client.release(broken);
    }
  }
}
