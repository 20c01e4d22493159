import type { AnyRuntimeEvent, RuntimeEvent } from '@agent-runtime/core';
import type { JobFilter } from './job-filter';
import type { JobRecord } from './job-record';

/** A lease request: who takes or keeps the lease, and for how long from now by the store's clock. */
export interface JobLease {
  owner: string;
  leaseMs: number;
}

/** How a `create` or an `update` also sets the job's lease, and whether it is a durability point. */
export interface JobUpdateOptions {
  /**
   * The stored `leaseExpiresAt` is the store's now + `leaseMs` (the lease `job.leaseOwner` holds from this write
   * on, judged by the store's clock like every renewal), whatever `job.leaseExpiresAt` says.
   */
  leaseMs?: number;
  /**
   * True for an update whose loss in a database server crash a resumed run could not make up for (a status
   * transition, a tool call recorded before its side effects): it returns only once it is as durable as the
   * store makes writes. A store may commit other updates without waiting for that (PostgresJobStore with
   * `synchronousCommit: 'durability-points'`). Updates that store a job `waiting_action` or ended are durability
   * points without it; `create` always is. @default false
   */
  durabilityPoint?: boolean;
}

/**
 * Where jobs live. Implementations must behave like a database under concurrent calls: `create` is atomic
 * with respect to the unique jobId and the unique `(scopeId, idempotencyKey)`, and `update` is a
 * compare-and-set on `version`. Leases are decided by the store's own clock (the database's, for a SQL
 * store), so workers with skewed clocks agree on when a lease lapsed. Prove an implementation with `describeJobStoreContract` from
 * `@agent-runtime/jobs/testing`.
 */
export interface JobStore {
  /**
   * Stores a new job and returns what was stored. A duplicate jobId or `(scopeId, idempotencyKey)` throws
   * IdempotencyConflictError with `existingJobId` and writes nothing. With `leaseMs`, a job created with a
   * `leaseOwner` (created running) gets its lease's expiry by the store's clock, as `update` sets it.
   */
  create(job: JobRecord, options?: JobUpdateOptions): Promise<JobRecord>;
  get(jobId: string): Promise<JobRecord | undefined>;
  /**
   * Compare-and-set: the stored version must equal `job.version`; the store writes the job with
   * `version + 1` and returns what it stored. Otherwise ConcurrentModificationError (NotFoundError when the
   * job does not exist), and nothing changes. With `leaseMs`, the same write sets the lease's expiry by the
   * store's clock.
   */
  update(job: JobRecord, options?: JobUpdateOptions): Promise<JobRecord>;
  /** True when a job was deleted. */
  delete(jobId: string): Promise<boolean>;
  list(filter?: JobFilter): Promise<JobRecord[]>;
  /** Without `scopeId`, the oldest job with that key in any scope. */
  getByIdempotencyKey(key: string, scopeId?: string): Promise<JobRecord | undefined>;
  /** How many jobs match, ignoring `limit`, `offset` and `cursor`. */
  count(filter?: JobFilter): Promise<number>;
  /**
   * Takes the lease of a `running` job for `lease.owner` until now + `leaseMs`, when the job has no lease, its
   * lease lapsed, or the owner already holds it; taking a lease that was held (by anyone) adds 1 to
   * `recoveries`. Atomic; increments `version`. Undefined (and nothing changes) when the job is not running or
   * another owner holds a live lease.
   */
  claimLease(jobId: string, lease: JobLease): Promise<JobRecord | undefined>;
  /**
   * Extends the lease to now + `leaseMs` when `lease.owner` holds it on a running job (even if it lapsed and
   * nobody took it yet); increments `version`. Undefined, and nothing changes, otherwise.
   */
  renewLease(jobId: string, lease: JobLease): Promise<JobRecord | undefined>;
  /** Up to `limit` running jobs with no live lease (none, or lapsed), least recently updated first. */
  listClaimable(options: { limit: number }): Promise<JobRecord[]>;
}

/** A job's stored record and the events stored with it, with their seqs. */
export interface JobWithEvents {
  job: JobRecord;
  events: AnyRuntimeEvent[];
}

/**
 * A JobStore that also appends a job's events to an event log in the job's own write (PostgresJobStore given
 * the PostgresEventLog of its database). The kernel writes through it when `eventLog` is its own log.
 */
export interface JobStoreWithEvents extends JobStore {
  /** The event log `createWithEvents` and `updateWithEvents` append to (undefined: they cannot). */
  readonly eventLog: object | undefined;
  /**
   * `create`, and appending `events` (all of `job.jobId`, at least one) to `eventLog`, as one atomic write: a
   * refused create (IdempotencyConflictError) stores none of them.
   */
  createWithEvents(
    job: JobRecord,
    events: readonly RuntimeEvent[],
    options?: JobUpdateOptions,
  ): Promise<JobWithEvents>;
  /**
   * `update`, and appending `events` (all of `job.jobId`, at least one) to `eventLog` with the next seqs, as one
   * atomic write: the record and its events are stored together, or (on a conflict, a failure) neither is.
   */
  updateWithEvents(
    job: JobRecord,
    events: readonly RuntimeEvent[],
    options?: JobUpdateOptions,
  ): Promise<JobWithEvents>;
}

/** True when `store` appends its writes' events to `log` in the same write. */
export function writesEventsTo(store: JobStore, log: object): store is JobStoreWithEvents {
  const candidate = store as Partial<JobStoreWithEvents>;
  return (
    typeof candidate.updateWithEvents === 'function' &&
    typeof candidate.createWithEvents === 'function' &&
    candidate.eventLog === log
  );
}
