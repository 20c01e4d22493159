export { PostgresBudgetStore } from './budget-store/postgres-budget-store';
export { isConnectionFailure } from './connection-errors';
export {
  createPostgresStores,
  type PostgresStores,
  type PostgresStoresOptions,
} from './create-postgres-stores';
export { PostgresEventLog, type PostgresEventLogOptions } from './event-log/postgres-event-log';
export { PostgresJobQueue, type PostgresJobQueueOptions } from './job-queue/postgres-job-queue';
export { MIGRATIONS_TABLE, type Migration, runMigrations } from './migrations';
export { type OpenedPGlite, openPGlite } from './open-pglite';
export { PgPoolDatabase } from './pg-pool-database';
export { PGliteDatabase } from './pglite-database';
export { PostgresActionStore } from './postgres-action-store';
export { PostgresArtifactStore } from './postgres-artifact-store';
export { PostgresConnectionError } from './postgres-connection-error';
export { PostgresJobStore } from './postgres-job-store';
export { PostgresLedgerWriter } from './postgres-ledger-writer';
export { PostgresQueryError } from './postgres-query-error';
export type {
  PGliteLike,
  PgPoolClientLike,
  PgPoolLike,
  PostgresDatabase,
  SqlDatabase,
  SqlQueryable,
  SqlResult,
} from './sql-database';
export { type TableOptions, TableRef } from './table-ref';
export { toSqlDatabase } from './to-sql-database';
export { toTypedDatabaseError } from './typed-database-error';
