import { PreparedNames } from './prepared-names';
import type { PgPoolClientLike, PgPoolLike, SqlDatabase, SqlQueryable, SqlResult } from './sql-database';
import { rethrowTyped } from './typed-database-error';

type PgQueryable = Pick<PgPoolLike, 'query'>;
type PgResult = Awaited<ReturnType<PgQueryable['query']>>;

/** A `pg.Pool`'s query by config: with a `name`, each connection parses and plans `text` once. */
interface NamedQueries {
  query(config: { name: string; text: string; values: unknown[] }): Promise<PgResult>;
}

export interface PgPoolDatabaseOptions {
  /**
   * How many statement texts run as named prepared statements (each connection plans them once); 0 for none,
   * as behind a PgBouncer in transaction mode older than 1.21.
   * @default 100
   */
  maxPreparedStatements?: number;
}

async function run<Row>(query: () => Promise<PgResult>): Promise<SqlResult<Row>> {
  try {
    const result = await query();
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
  private readonly prepared: PreparedNames;

  constructor(
    /** The pool it queries; the event log and the job queue LISTEN on connections of their own from it. */
    readonly pool: PgPoolLike,
    { maxPreparedStatements = 100 }: PgPoolDatabaseOptions = {},
  ) {
    guardAgainstConnectionErrors(pool);
    this.prepared = new PreparedNames(maxPreparedStatements);
  }

  /** A statement with parameters runs prepared (see PgPoolDatabaseOptions); in a transaction, unnamed. */
  query<Row = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<SqlResult<Row>> {
    const values = [...params];
    const unnamed = () => this.pool.query(text, values);
    const named = (name: string) => (this.pool as unknown as NamedQueries).query({ name, text, values });
    const name = values.length > 0 ? this.prepared.nameOf(text) : undefined;
    if (name === undefined) return run<Row>(unnamed);
    return run<Row>(() =>
      named(name).catch((error: unknown) => {
        if (!this.prepared.renamedAfter(text, error)) throw error;
        return named(this.prepared.nameOf(text) ?? name);
      }),
    );
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch(rethrowTyped);
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken ??= error;
    };
    client.on?.('error', onError);
    const tx: SqlQueryable = { query: (text, params = []) => run(() => client.query(text, [...params])) };
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
