import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { PostgresActionStore } from './action-store/postgres-action-store';
import { PostgresArtifactStore } from './artifact-store/postgres-artifact-store';
import { PostgresBudgetStore } from './budget-store/postgres-budget-store';
import type { PostgresDatabase } from './database/sql-database';
import { type SynchronousCommit, synchronousCommitSchema } from './database/synchronous-commit';
import { identifierSchema, schemaNameSchema } from './database/table-ref';
import { toSqlDatabase } from './database/to-sql-database';
import { PostgresEventLog } from './event-log/postgres-event-log';
import { PostgresJobQueue } from './job-queue/postgres-job-queue';
import { PostgresJobStore } from './job-store/postgres-job-store';
import { PostgresLedgerWriter } from './ledger-writer/postgres-ledger-writer';

export interface PostgresStoresOptions {
  /** The schema of all three tables (created if missing); defaults to the connection's search_path. */
  schema?: string;
  /** Defaults: `runtime_jobs`, `runtime_actions`, `runtime_ledger`, `runtime_budgets`, `runtime_events`, `runtime_artifacts`, `runtime_jobs_scope_slots`. */
  tableNames?: {
    jobs?: string;
    actions?: string;
    ledger?: string;
    budgets?: string;
    events?: string;
    artifacts?: string;
    scopeSlots?: string;
  };
  /**
   * Which commits wait for PostgreSQL's WAL flush. `'durability-points'`: the writes a resumed job depends on
   * (job created, status transitions, a tool call's journal entry before it runs, ledger reservations, `final.*`
   * and other non-step events, actions, budgets, the queue); a step's checkpoint and progress, its events
   * (`model.*`, `tool.*`, `progress`), ledger settlements and lease renewals commit with `synchronous_commit`
   * off: visible at once and kept if this process dies, lost only if the database server crashes within about
   * 600 ms of them (a resumed job then repeats from its last durable point). `'always'`: every commit waits.
   * @default 'durability-points'
   */
  synchronousCommit?: SynchronousCommit;
}

/**
 * The kernel's stores over one database, and one call that creates or upgrades all their tables: everything but
 * `migrate` is a RuntimeKernel option (`const { migrate, ...stores } = …; RuntimeKernel.create({ agent, ...stores })`).
 */
export interface PostgresStores {
  readonly jobStore: PostgresJobStore;
  readonly actionStore: PostgresActionStore;
  readonly ledgerWriter: PostgresLedgerWriter;
  /** Budgets set with `ledger.setBudget` (kernel option `budgetStore`): every kernel on the database enforces them. */
  readonly budgetStore: PostgresBudgetStore;
  /** Every job's events (the kernel's `eventLog` option), live across processes by LISTEN/NOTIFY. */
  readonly eventLog: PostgresEventLog;
  /** @default table `runtime_artifacts` */
  readonly artifactStore: PostgresArtifactStore;
  /** Queued jobs on the jobs table, claimed by workers, with per-scope limits (kernel option `jobQueue`). */
  readonly jobQueue: PostgresJobQueue;
  /** Runs every pending migration of the tables (the stores also do this on first use). */
  migrate(): Promise<void>;
}

const optionsSchema = z.strictObject({
  schema: schemaNameSchema.optional(),
  tableNames: z
    .strictObject({
      jobs: identifierSchema.optional(),
      actions: identifierSchema.optional(),
      ledger: identifierSchema.optional(),
      budgets: identifierSchema.optional(),
      events: identifierSchema.optional(),
      artifacts: identifierSchema.optional(),
      scopeSlots: identifierSchema.optional(),
    })
    .optional(),
  synchronousCommit: synchronousCommitSchema.optional(),
});

/**
 * Builds PostgresJobStore, PostgresActionStore, PostgresLedgerWriter and PostgresEventLog over one `pg.Pool`
 * or PGlite.
 */
export function createPostgresStores(
  db: PostgresDatabase,
  options: PostgresStoresOptions = {},
): PostgresStores {
  const parsed = parseInput(optionsSchema, options, 'options');
  const { schema, tableNames = {}, synchronousCommit = 'durability-points' } = parsed;
  const sql = toSqlDatabase(db);
  const actionStore = new PostgresActionStore(sql, { schema, tableName: tableNames.actions });
  const budgetStore = new PostgresBudgetStore(sql, { schema, tableName: tableNames.budgets });
  const ledgerWriter = new PostgresLedgerWriter(sql, {
    schema,
    tableName: tableNames.ledger,
    budgetStore,
    synchronousCommit,
  });
  // the raw handle, not `sql`: the log and the queue LISTEN on connections of their own
  const eventLog = new PostgresEventLog(db, { schema, tableName: tableNames.events, synchronousCommit });
  // a job's write and its events commit in one statement (the kernel's writes, when it runs on this log)
  const jobStore = new PostgresJobStore(sql, {
    schema,
    tableName: tableNames.jobs,
    eventLog,
    synchronousCommit,
  });
  const artifactStore = new PostgresArtifactStore(sql, { schema, tableName: tableNames.artifacts });
  const jobQueue = new PostgresJobQueue(db, { jobStore, tableName: tableNames.scopeSlots });
  return {
    jobStore,
    jobQueue,
    actionStore,
    ledgerWriter,
    budgetStore,
    eventLog,
    artifactStore,
    migrate: async () => {
      await jobStore.migrate();
      await actionStore.migrate();
      await ledgerWriter.migrate();
      await budgetStore.migrate();
      await eventLog.migrate();
      await artifactStore.migrate();
      await jobQueue.migrate();
    },
  };
}
