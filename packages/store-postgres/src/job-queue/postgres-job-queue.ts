import { parseInput } from '@agent-runtime/core';
import {
  assertQueued,
  type ClaimOptions,
  claimOptionsSchema,
  type EnqueueOptions,
  enqueueOptionsSchema,
  IdempotencyConflictError,
  type JobQueue,
  type JobRecord,
  releaseOptionsSchema,
  type ScopeLimits,
  type StopWatching,
  scopeLimitsSchema,
} from '@agent-runtime/jobs';
import { z } from 'zod';
import { paramsOf } from '../database/columns';
import { PostCommitNotifier } from '../database/post-commit-notifier';
import { retryOnDeadlock } from '../database/retry-on-deadlock';
import type { PostgresDatabase, SqlDatabase } from '../database/sql-database';
import { identifierSchema, TableRef } from '../database/table-ref';
import { toSqlDatabase } from '../database/to-sql-database';
import { type Listen, listenerFor } from '../event-log/notifications';
import { JOB_COLUMNS } from '../job-store/job-columns';
import { type PostgresJobStore, toRecord } from '../job-store/postgres-job-store';
import { MigrationGate, runMigrations } from '../migrations';
import { claimStatement } from './claim-statement';
import { enqueueStatement } from './enqueue-statement';
import { scopeSlotMigrations } from './scope-slots-table';
import { watchChannel } from './watch-channel';

type Row = Record<string, unknown>;

/**
 * How many times a claim runs when PostgreSQL cancels it as a deadlock's victim. Claims of one scope deadlock
 * on its row (the server logs "while locking updated version … of tuple": one claim's trigger key-share-locks
 * the row another claim has just stamped); with 10 workers in one scope, about 1 claim in 1,000–2,500.
 */
const CLAIM_ATTEMPTS = 5;

export interface PostgresJobQueueOptions {
  /** The job store whose table holds the queued jobs (the queue adds a column, an index and a trigger to it). */
  jobStore: PostgresJobStore;
  /**
   * The scope-slots table, in the jobs table's schema.
   * @default `${jobs table}_scope_slots`
   */
  tableName?: string;
}

const optionsSchema = z.strictObject({
  jobStore: z.custom<PostgresJobStore>((v) => (v as PostgresJobStore | undefined)?.table instanceof TableRef),
  tableName: identifierSchema.optional(),
});

/**
 * A JobQueue on the jobs table of a PostgresJobStore. `claim` is one statement (`FOR NO KEY UPDATE SKIP LOCKED`
 * on scope rows then jobs; when that locked no scope, the same statement waits for the row of the least recently
 * served scope with work, so a scope row locked for a moment does not send a worker back to its poll delay while
 * jobs wait). Triggers on the jobs table keep the running count of each scope with a limit in the transaction
 * that changes a job's status, so a slot is freed however a job leaves `running`. Leases use the database's clock.
 * `enqueue` is one statement; once it committed, the queue sends `NOTIFY <channel>` outside it.
 */
export class PostgresJobQueue implements JobQueue {
  readonly table: TableRef;
  /** The NOTIFY channel `enqueue` signals on: LISTEN on it to claim without waiting for the next poll. */
  readonly channel: string;
  private readonly jobs: TableRef;
  private readonly jobStore: PostgresJobStore;
  private readonly db: SqlDatabase;
  private readonly gate: MigrationGate;
  private readonly claimSql: string;
  private readonly enqueueSql: string;
  private readonly listen: Listen | undefined;
  private readonly notifier: PostCommitNotifier;

  constructor(db: PostgresDatabase, options: PostgresJobQueueOptions) {
    const { jobStore, tableName } = parseInput(optionsSchema, options, 'options');
    this.jobStore = jobStore;
    this.jobs = jobStore.table;
    this.table = TableRef.from(
      { schema: this.jobs.schema, tableName: tableName ?? `${this.jobs.tableName}_scope_slots` },
      'runtime_scope_slots',
      'options',
    );
    this.channel = `${this.jobs.key}:queued`;
    this.db = toSqlDatabase(db);
    this.listen = listenerFor(db);
    this.notifier = new PostCommitNotifier(this.db, this.channel);
    this.gate = new MigrationGate(() => this.migrate());
    this.claimSql = claimStatement(this.jobs, this.table);
    this.enqueueSql = enqueueStatement(this.jobs, this.table);
  }

  /** Migrates the jobs table, then creates or upgrades the queue's; returns the queue's applied versions. */
  async migrate(): Promise<number[]> {
    await this.jobStore.migrate();
    return runMigrations(this.db, this.table, scopeSlotMigrations(this.jobs));
  }

  async enqueue(job: JobRecord, options: EnqueueOptions = {}): Promise<JobRecord> {
    const { priority = 0 } = parseInput(enqueueOptionsSchema, options, 'options');
    assertQueued(job);
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(this.enqueueSql, [
      ...paramsOf(job.toJSON() as unknown as Row, JOB_COLUMNS),
      priority,
    ]);
    const stored = rows[0] && toRecord(rows[0]);
    if (stored) {
      this.notifier.notify('');
      return stored;
    }
    const existing =
      job.idempotencyKey === undefined
        ? undefined
        : await this.jobStore.getByIdempotencyKey(job.idempotencyKey, job.scopeId);
    if (existing) return existing;
    throw new IdempotencyConflictError({ existingJobId: job.jobId });
  }

  async claim(options: ClaimOptions): Promise<JobRecord[]> {
    const { workerId, limit, leaseMs } = parseInput(claimOptionsSchema, options, 'options');
    await this.gate.ensure();
    const { rows } = await retryOnDeadlock(
      () => this.db.query<Row>(this.claimSql, [workerId, limit, leaseMs]),
      CLAIM_ATTEMPTS,
    );
    return rows.map(toRecord);
  }

  async release(jobId: string, options: { workerId: string }): Promise<JobRecord | undefined> {
    const { workerId } = parseInput(releaseOptionsSchema, options, 'options');
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `UPDATE ${this.jobs.qualified}
       SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
           updated_at = (extract(epoch from clock_timestamp()) * 1000)::double precision, version = version + 1
       WHERE job_id = $1 AND status = 'running' AND lease_owner = $2 RETURNING *`,
      [jobId, workerId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /**
   * LISTENs on `channel` over a connection of its own (a `pg.Pool`'s client, or PGlite's `listen`), calling
   * `onEnqueued` for each enqueue's NOTIFY; a lost connection is opened again after a second. On a database
   * handle that cannot LISTEN, nothing is called (workers poll).
   */
  async watch(onEnqueued: () => void): Promise<StopWatching> {
    await this.gate.ensure();
    if (!this.listen) return async () => {};
    return watchChannel(this.listen, this.channel, onEnqueued);
  }

  async setScopeLimits(limits: ScopeLimits): Promise<void> {
    const { scopeId, maxRunningJobs } = parseInput(scopeLimitsSchema, limits, 'limits');
    await this.gate.ensure();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${this.table.qualified} AS s (scope_id) VALUES ($1)
         ON CONFLICT (scope_id) DO UPDATE SET scope_id = excluded.scope_id`,
        [scopeId],
      );
      await tx.query(
        `UPDATE ${this.table.qualified} SET max_running = $2::integer,
           running = (SELECT count(*) FROM ${this.jobs.qualified} WHERE scope_id = $1 AND status = 'running')
         WHERE scope_id = $1`,
        [scopeId, maxRunningJobs ?? null],
      );
    });
  }

  async getScopeLimits(scopeId: string): Promise<ScopeLimits> {
    const id = parseInput(scopeLimitsSchema.shape.scopeId, scopeId, 'scopeId');
    await this.gate.ensure();
    const { rows } = await this.db.query<{ max_running: number | null }>(
      `SELECT max_running FROM ${this.table.qualified} WHERE scope_id = $1`,
      [id],
    );
    const max = rows[0]?.max_running;
    return max === null || max === undefined ? { scopeId: id } : { scopeId: id, maxRunningJobs: Number(max) };
  }
}
