import { ValidationError } from '@agent-runtime/core';
import { PgPoolDatabase } from './pg-pool-database';
import { PGliteDatabase } from './pglite-database';
import type { PGliteLike, PgPoolLike, PostgresDatabase, SqlDatabase } from './sql-database';

function isSqlDatabase(db: object): db is SqlDatabase {
  return 'kind' in db && 'transaction' in db && typeof db.transaction === 'function';
}

export function isPgPool(db: object): db is PgPoolLike {
  return 'connect' in db && typeof db.connect === 'function' && 'totalCount' in db;
}

export function isPGlite(db: object): db is PGliteLike {
  return 'transaction' in db && typeof db.transaction === 'function' && 'exec' in db;
}

/** Adapts a `pg.Pool` or a PGlite instance to the stores' SqlDatabase; an SqlDatabase passes through. */
export function toSqlDatabase(db: PostgresDatabase): SqlDatabase {
  if (db !== null && typeof db === 'object') {
    if (isSqlDatabase(db)) return db;
    if (isPgPool(db)) return new PgPoolDatabase(db);
    if (isPGlite(db)) return new PGliteDatabase(db);
  }
  throw new ValidationError({ field: 'db', message: 'db: expected a pg.Pool or a PGlite instance' });
}
