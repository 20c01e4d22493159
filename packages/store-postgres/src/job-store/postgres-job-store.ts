import {
  ConcurrentModificationError,
  NotFoundError,
  type RuntimeEvent,
  ValidationError,
} from '@agent-runtime/core';
import {
  IdempotencyConflictError,
  type JobFilter,
  type JobLease,
  JobRecord,
  JobStatus,
  type JobStoreWithEvents,
  type JobUpdateOptions,
  type JobWithEvents,
  parseJobFilter,
} from '@agent-runtime/jobs';
import { jsonOf, placeholders } from '../database/columns';
import type { PostgresDatabase, SqlDatabase } from '../database/sql-database';
import { relaxedCommitItem, relaxesCommits, type SynchronousCommit } from '../database/synchronous-commit';
import { type TableOptions, TableRef } from '../database/table-ref';
import { toSqlDatabase } from '../database/to-sql-database';
import { isUniqueViolation } from '../database/unique-violation';
import type { PostgresEventLog } from '../event-log/postgres-event-log';
import { onlyStepEvents } from '../event-log/relaxed-events';
import { MigrationGate, runMigrations } from '../migrations';
import { DB_NOW_MS } from './db-now-ms';
import { JOB_COLUMNS } from './job-columns';
import { jobInsertStatement } from './job-insert-statement';
import { JOB_MIGRATIONS } from './job-table';
import { jobConditions, jobListQuery } from './job-where';
import { jobParams, WRITTEN_COLUMNS, writtenJob } from './written-job';

export { DB_NOW_MS };

type Row = Record<string, unknown>;

export interface PostgresJobStoreOptions extends TableOptions {
  /**
   * The event log of the same database: `updateWithEvents` appends a job's events to it in the job's own
   * statement (what `createPostgresStores` sets up). @default undefined (`updateWithEvents` refuses)
   */
  eventLog?: PostgresEventLog;
  /**
   * `'durability-points'`: an update that is not a durability point (`JobUpdateOptions.durabilityPoint`, a job
   * stored `waiting_action` or ended, events other than a step's own) and a lease renewal commit without waiting
   * for the WAL flush (see SynchronousCommit); `create` and `claimLease` always wait. @default 'always'
   */
  synchronousCommit?: SynchronousCommit;
}

const UPDATED_COLUMNS = JOB_COLUMNS.filter((c) => c.name !== 'job_id' && c.name !== 'version');
const ASSIGNMENTS = UPDATED_COLUMNS.map((c, i) => `${c.name} = ${placeholders([c], i + 3)[0]}`).join(', ');
const LEASE_EXPIRY_INDEX = UPDATED_COLUMNS.findIndex((c) => c.name === 'lease_expires_at');
/** The same, with the lease's expiry from the database's clock: its parameter is the lease's length. */
const LEASED_ASSIGNMENTS = UPDATED_COLUMNS.map((c, i) =>
  i === LEASE_EXPIRY_INDEX
    ? `${c.name} = ${DB_NOW_MS} + $${i + 3}`
    : `${c.name} = ${placeholders([c], i + 3)[0]}`,
).join(', ');

/**
 * A JobStore on PostgreSQL or PGlite. Creating is one `INSERT … ON CONFLICT DO NOTHING` (the primary key and
 * the unique `(scope_id, idempotency_key)` index decide races); updating is a compare-and-set on `version`;
 * filters, counts and paging run in SQL. Leases are single conditional UPDATEs judged by the database's clock.
 * The table is created on first use (or by `migrate()`).
 */
export class PostgresJobStore implements JobStoreWithEvents {
  readonly table: TableRef;
  readonly eventLog: PostgresEventLog | undefined;
  private readonly db: SqlDatabase;
  private readonly gate: MigrationGate;
  private readonly relaxes: boolean;

  constructor(
    db: PostgresDatabase,
    { eventLog, synchronousCommit, ...options }: PostgresJobStoreOptions = {},
  ) {
    this.table = TableRef.from(options, 'runtime_jobs', 'options');
    this.eventLog = eventLog;
    this.relaxes = relaxesCommits(synchronousCommit);
    this.db = toSqlDatabase(db);
    this.gate = new MigrationGate(() => this.migrate());
  }

  /** Creates or upgrades the table and its indexes; returns the migration versions it applied. */
  migrate(): Promise<number[]> {
    return runMigrations(this.db, this.table, JOB_MIGRATIONS);
  }

  async create(job: JobRecord, { leaseMs }: JobUpdateOptions = {}): Promise<JobRecord> {
    await this.gate.ensure();
    const { sql, params } = jobInsertStatement(this.table, job, leaseMs);
    const { rows } = await this.db.query<Row>(sql, params);
    if (rows[0]) return writtenJob(job, rows[0]);
    throw await this.createRefusal(job);
  }

  /**
   * `create`, with `events` appended to `eventLog` in the same statement: the new row and its events commit
   * together, or (its id or idempotency key taken, a failure) neither does.
   */
  async createWithEvents(
    job: JobRecord,
    events: readonly RuntimeEvent[],
    { leaseMs }: JobUpdateOptions = {},
  ): Promise<JobWithEvents> {
    const log = this.logFor(job, events);
    await this.gate.ensure();
    const written = await log.appendWith<Row>(jobInsertStatement(this.table, job, leaseMs), events);
    if (written) return { job: writtenJob(job, written.row), events: written.events };
    throw await this.createRefusal(job);
  }

  /** Why an insert of `job` wrote nothing: the job holding its id or its `(scopeId, idempotencyKey)`. */
  private async createRefusal(job: JobRecord): Promise<IdempotencyConflictError> {
    return new IdempotencyConflictError({
      existingJobId: (await this.conflictingJobId(job, true)) ?? job.jobId,
    });
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(`SELECT * FROM ${this.table.qualified} WHERE job_id = $1`, [
      jobId,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  async update(job: JobRecord, options: JobUpdateOptions = {}): Promise<JobRecord> {
    await this.gate.ensure();
    const { sql, params } = this.updateStatement(job, options, this.relaxed(job, options, []));
    const { rows } = await this.written(job, () => this.db.query<Row>(sql, params));
    if (rows[0]) return writtenJob(job, rows[0]);
    throw await this.refusal(job);
  }

  /**
   * `update`, with `events` appended to `eventLog` in the same statement: the job's row and its events commit
   * together, or (a conflict, a failure) neither does.
   */
  async updateWithEvents(
    job: JobRecord,
    events: readonly RuntimeEvent[],
    options: JobUpdateOptions = {},
  ): Promise<JobWithEvents> {
    const log = this.logFor(job, events);
    await this.gate.ensure();
    const statement = this.updateStatement(job, options, this.relaxed(job, options, events));
    const written = await this.written(job, () => log.appendWith<Row>(statement, events));
    if (written) return { job: writtenJob(job, written.row), events: written.events };
    throw await this.refusal(job);
  }

  /** The event log a write of `job` with `events` appends to; ValidationError without one, or for another job's events. */
  private logFor(job: JobRecord, events: readonly RuntimeEvent[]): PostgresEventLog {
    const log = this.eventLog;
    if (!log) throw new ValidationError({ field: 'options.eventLog', message: 'options.eventLog: not set' });
    if (events.some((event) => event.jobId !== job.jobId))
      throw new ValidationError({ field: 'events', message: `events: all of job ${job.jobId}` });
    return log;
  }

  /** True when an update of `job` with `events` need not wait for its flush: not a durability point. */
  private relaxed(job: JobRecord, options: JobUpdateOptions, events: readonly RuntimeEvent[]): boolean {
    if (!this.relaxes || options.durabilityPoint) return false;
    return job.status === JobStatus.RUNNING && onlyStepEvents(events);
  }

  /**
   * The compare-and-set UPDATE of `job` (`$1` its id, `$2` the version it was read at); `relaxed`: its commit
   * does not wait for the WAL flush.
   */
  private updateStatement(
    job: JobRecord,
    { leaseMs }: JobUpdateOptions,
    relaxed: boolean,
  ): { sql: string; params: unknown[] } {
    const params = jobParams(job, UPDATED_COLUMNS);
    const leased = leaseMs !== undefined && job.leaseOwner !== undefined;
    if (leased) params[LEASE_EXPIRY_INDEX] = leaseMs;
    const assignments = leased ? LEASED_ASSIGNMENTS : ASSIGNMENTS;
    return {
      sql: `UPDATE ${this.table.qualified} SET ${assignments}, version = version + 1
         WHERE job_id = $1 AND version = $2 RETURNING ${WRITTEN_COLUMNS}${relaxedCommitItem(relaxed)}`,
      params: [job.jobId, job.version, ...params],
    };
  }

  /** Runs a write of `job`; a taken `(scopeId, idempotencyKey)` is IdempotencyConflictError. */
  private async written<T>(job: JobRecord, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existingJobId = (await this.conflictingJobId(job, false)) ?? job.jobId;
      throw new IdempotencyConflictError({ existingJobId, cause: error });
    }
  }

  /** Why a compare-and-set of `job` wrote nothing: NotFoundError or ConcurrentModificationError. */
  private async refusal(job: JobRecord): Promise<Error> {
    const current = await this.get(job.jobId);
    if (!current) return new NotFoundError({ resource: 'job', id: job.jobId });
    return new ConcurrentModificationError({
      resource: 'job',
      id: job.jobId,
      expectedVersion: job.version,
      actualVersion: current.version,
    });
  }

  async delete(jobId: string): Promise<boolean> {
    await this.gate.ensure();
    const { rowCount } = await this.db.query(`DELETE FROM ${this.table.qualified} WHERE job_id = $1`, [
      jobId,
    ]);
    return rowCount > 0;
  }

  async list(filter?: JobFilter): Promise<JobRecord[]> {
    const { sql, tail } = jobListQuery(parseJobFilter(filter));
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM ${this.table.qualified} ${sql.whereClause()} ${tail}`,
      sql.values,
    );
    return rows.map(toRecord);
  }

  async getByIdempotencyKey(key: string, scopeId?: string): Promise<JobRecord | undefined> {
    await this.gate.ensure();
    const { rows } =
      scopeId === undefined
        ? await this.db.query<Row>(
            `SELECT * FROM ${this.table.qualified} WHERE idempotency_key = $1 ORDER BY created_at, job_id LIMIT 1`,
            [key],
          )
        : await this.db.query<Row>(
            `SELECT * FROM ${this.table.qualified} WHERE scope_id = $1 AND idempotency_key = $2`,
            [scopeId, key],
          );
    return rows[0] && toRecord(rows[0]);
  }

  async count(filter?: JobFilter): Promise<number> {
    const sql = jobConditions(parseJobFilter(filter));
    await this.gate.ensure();
    const { rows } = await this.db.query<{ count: number }>(
      `SELECT count(*)::integer AS count FROM ${this.table.qualified} ${sql.whereClause()}`,
      sql.values,
    );
    return Number(rows[0]?.count ?? 0);
  }

  async claimLease(jobId: string, { owner, leaseMs }: JobLease): Promise<JobRecord | undefined> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `UPDATE ${this.table.qualified}
       SET lease_owner = $2, lease_expires_at = ${DB_NOW_MS} + $3,
           recoveries = recoveries + (CASE WHEN lease_owner IS NULL THEN 0 ELSE 1 END), version = version + 1
       WHERE job_id = $1 AND status = 'running'
         AND (lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at <= ${DB_NOW_MS})
       RETURNING *`,
      [jobId, owner, leaseMs],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async renewLease(jobId: string, { owner, leaseMs }: JobLease): Promise<JobRecord | undefined> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `UPDATE ${this.table.qualified} SET lease_expires_at = ${DB_NOW_MS} + $3, version = version + 1
       WHERE job_id = $1 AND status = 'running' AND lease_owner = $2 RETURNING *${relaxedCommitItem(this.relaxes)}`,
      [jobId, owner, leaseMs],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async listClaimable({ limit }: { limit: number }): Promise<JobRecord[]> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM ${this.table.qualified}
       WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= ${DB_NOW_MS})
       ORDER BY updated_at, job_id LIMIT $1`,
      [limit],
    );
    return rows.map(toRecord);
  }

  /** The job that holds `job`'s id (when `sameId` counts) or else its `(scopeId, idempotencyKey)`. */
  private async conflictingJobId(job: JobRecord, sameId: boolean): Promise<string | undefined> {
    const { rows } = await this.db.query<{ job_id: string }>(
      `SELECT job_id FROM ${this.table.qualified}
       WHERE ($4 AND job_id = $1) OR (scope_id = $2 AND idempotency_key = $3 AND job_id <> $1)
       ORDER BY (job_id = $1) DESC LIMIT 1`,
      [job.jobId, job.scopeId, job.idempotencyKey ?? null, sameId],
    );
    return rows[0]?.job_id;
  }
}

/** A jobs-table row as a JobRecord. */
export function toRecord(row: Row): JobRecord {
  return JobRecord.fromJSON(jsonOf(row, JOB_COLUMNS));
}
