export { PostgresActionStore } from './action-store/postgres-action-store';
export { PostgresArtifactStore } from './artifact-store/postgres-artifact-store';
export { PostgresBudgetStore } from './budget-store/postgres-budget-store';
export {
  createPostgresStores,
  type PostgresStores,
  type PostgresStoresOptions,
} from './create-postgres-stores';
export { isConnectionFailure } from './database/connection-errors';
export { type OpenedPGlite, openPGlite } from './database/open-pglite';
export { PgPoolDatabase, type PgPoolDatabaseOptions } from './database/pg-pool-database';
export { PGliteDatabase } from './database/pglite-database';
export { PostgresConnectionError } from './database/postgres-connection-error';
export { PostgresQueryError } from './database/postgres-query-error';
export type {
  PGliteLike,
  PgPoolClientLike,
  PgPoolLike,
  PostgresDatabase,
  SqlDatabase,
  SqlQueryable,
  SqlResult,
} from './database/sql-database';
export type { SynchronousCommit } from './database/synchronous-commit';
export { type TableOptions, TableRef } from './database/table-ref';
export { toSqlDatabase } from './database/to-sql-database';
export { toTypedDatabaseError } from './database/typed-database-error';
export { PostgresEventLog, type PostgresEventLogOptions } from './event-log/postgres-event-log';
export { PostgresJobQueue, type PostgresJobQueueOptions } from './job-queue/postgres-job-queue';
export { PostgresJobStore, type PostgresJobStoreOptions } from './job-store/postgres-job-store';
export { PostgresLedgerWriter } from './ledger-writer/postgres-ledger-writer';
export { MIGRATIONS_TABLE, type Migration, runMigrations } from './migrations';
