import type { PGliteLike, SqlDatabase, SqlQueryable, SqlResult } from './sql-database';
import { rethrowTyped } from './typed-database-error';

type PGliteQueryable = Pick<PGliteLike, 'query'>;

async function run<Row>(
  target: PGliteQueryable,
  text: string,
  params: readonly unknown[],
): Promise<SqlResult<Row>> {
  try {
    const result = await target.query(text, [...params]);
    return { rows: result.rows as Row[], rowCount: result.affectedRows ?? result.rows.length };
  } catch (error) {
    return rethrowTyped(error);
  }
}

/** SqlDatabase over an embedded PGlite instance (one connection; PGlite serializes transactions itself). */
export class PGliteDatabase implements SqlDatabase {
  readonly kind = 'pglite';
  constructor(private readonly pglite: PGliteLike) {}

  query<Row = Record<string, unknown>>(
    text: string,
    params: readonly unknown[] = [],
  ): Promise<SqlResult<Row>> {
    return run<Row>(this.pglite, text, params);
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    let workFailure: { error: unknown } | undefined;
    try {
      return await this.pglite.transaction(async (tx) => {
        try {
          return await work({ query: (text, params = []) => run(tx, text, params) });
        } catch (error) {
          workFailure = { error };
          throw error;
        }
      });
    } catch (error) {
      if (workFailure?.error === error) throw error;
      return rethrowTyped(error);
    }
  }
}
