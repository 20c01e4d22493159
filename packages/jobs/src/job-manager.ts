import {
  type Clock,
  clockSchema,
  ErrorCode,
  type EventBus,
  InvalidTransitionError,
  idSchema,
  implementing,
  type JsonValue,
  jobLifecycleEvent,
  LeaseLostError,
  NotFoundError,
  parseInput,
  RuntimeEvent,
  type RuntimeEventContent,
  type RuntimeEventDataMap,
  RuntimeTimeoutError,
  retryOnConflict,
  systemClock,
  textSchema,
  ValidationError,
  withoutUndefined,
} from '@agent-runtime/core';
import { z } from 'zod';
import { IdempotencyConflictError } from './idempotency-conflict-error';
import { encodeJobCursor } from './job-cursor';
import type { JobFilter } from './job-filter';
import { JobRecord } from './job-record';
import type { JobSpec } from './job-spec';
import { JobStatus } from './job-status';
import type { JobStore, JobUpdateOptions } from './job-store';
import { KnownJobRecords } from './known-job-records';

export interface JobManagerOptions {
  /** Where lifecycle events go; none are published without one. */
  eventBus?: EventBus;
  clock?: Clock;
  /** How often an operation re-reads and retries after a concurrent modification. @default 10 */
  maxAttempts?: number;
  /**
   * The worker this manager writes for. With it, every write to a `running` job is fenced on the job's lease:
   * when another worker (or nobody) holds it, the write throws LeaseLostError and changes nothing. `start`
   * takes the lease, `claimLease` / `renewLease` take and keep it.
   * @default undefined (no fencing)
   */
  leaseOwner?: string;
  /**
   * Stores a write and the events it publishes together (both or neither) and publishes them once stored;
   * every write with events goes through it instead of the store and the bus. The kernel's, over a store that
   * appends to the kernel's event log in the job's own write.
   * @default undefined (the store writes, then the events are published on `eventBus`)
   */
  eventWriter?: JobEventWriter;
}

/** Stores a job write with events of that job, atomically, and publishes the events once they are stored. */
export interface JobEventWriter {
  /** A compare-and-set like `JobStore.update`, with `events` stored in the same write; a refused write stores neither. */
  update(job: JobRecord, events: readonly RuntimeEvent[], options?: JobUpdateOptions): Promise<JobRecord>;
  /** A new job like `JobStore.create`, with `events` stored in the same write; a refused create stores neither. */
  create(job: JobRecord, events: readonly RuntimeEvent[], options?: JobUpdateOptions): Promise<JobRecord>;
}

/** What `createStarted` returns. */
export interface CreatedJob {
  job: JobRecord;
  /** False when the idempotency key named an existing job: `job` is that one, as stored (not started by this call). */
  created: boolean;
}

const optionsSchema = z.strictObject({
  eventBus: implementing<EventBus>('publish').optional(),
  eventWriter: implementing<JobEventWriter>('update', 'create').optional(),
  clock: clockSchema.optional(),
  maxAttempts: z.number().int().positive().optional(),
  leaseOwner: z.string().min(1).optional(),
});

/** Restricts a read or cancel to one tenant: a job of another scope is treated as absent. */
export interface JobScopeOptions {
  /** Only a job of this scope is seen. @default undefined (any scope: trusted, in-process code) */
  scopeId?: string;
}

export interface JobCancelOptions extends JobScopeOptions {
  /** Kept as the job's error message. @default 'cancelled' */
  reason?: string;
}

const scopeOptionsSchema = z.strictObject({ scopeId: idSchema.optional() });
const cancelOptionsSchema = scopeOptionsSchema.extend({ reason: textSchema.optional() });
const leaseSecondsSchema = z.number().positive().finite();

/** What `start` may say about the run in its `job.started` event. */
export interface JobStartOptions {
  data?: RuntimeEventDataMap['job.started'];
  /** With a `leaseOwner`, the started job's lease lasts this long (from this manager's clock, until renewed). */
  leaseSeconds?: number;
  /** The job's first checkpoint, stored with the transition. */
  checkpoint?: JsonValue;
}

const startOptionsSchema = z.strictObject({
  data: z
    .strictObject({
      prompt: z.string().optional(),
      provider: z.string().optional(),
      model: z.string().optional(),
    })
    .optional(),
  leaseSeconds: leaseSecondsSchema.optional(),
  checkpoint: z.json().optional(),
});

const storeSchema = implementing<JobStore>('update');

type Change = (job: JobRecord, now: number) => JobRecord;

interface TransitionStep {
  /** The only status the transition may start from (otherwise the state machine decides). */
  from?: JobStatus;
  /** Applied to the record before it transitions. */
  change?: Change;
  /** The event published after `job.status_changed`. */
  outcome?: () => RuntimeEventContent;
  /** The lease the written record holds lasts this long from the store's now (see `JobUpdateOptions`). */
  leaseMs?: number;
  /** Other events of the job stored and published with the transition's, after them. */
  accompanying?: readonly RuntimeEvent[];
}

interface MutateOptions extends JobUpdateOptions {
  /** An overdue job is timed out instead, and RuntimeTimeoutError is thrown. */
  checkDeadline?: boolean;
  /** The lifecycle events of the write, from the record it writes. */
  events?: (job: JobRecord) => RuntimeEventContent[];
  /** Other events of the job published with them, after them. */
  accompanying?: readonly RuntimeEvent[];
}

const DEADLINE_MESSAGE = 'job deadline exceeded';
/** How many active jobs' last records a manager keeps to write its next transition without a read. */
const KNOWN_RECORDS = 1000;

/** What a checkpoint write may carry besides the state. */
export interface JobCheckpointOptions {
  /** Progress (0..1) recorded in the same write; `progress` is published after it. */
  progress?: number;
  /** The turn recorded with `progress`. */
  turn?: number;
  /** Events of the job that accompany the checkpoint, published after the write (and after `progress`). */
  events?: readonly RuntimeEvent[];
  /** The checkpoint must survive a database crash once written (see `JobUpdateOptions.durabilityPoint`). @default false */
  durabilityPoint?: boolean;
}

const checkpointOptionsSchema = z.strictObject({
  progress: z.number().optional(),
  turn: z.number().optional(),
  events: z.array(z.instanceof(RuntimeEvent)).readonly().optional(),
  durabilityPoint: z.boolean().optional(),
});

/** What a completion may carry besides the transition. */
export interface JobCompleteOptions {
  /** Where the result is stored, kept on the record and in `job.completed`. */
  resultRef?: string;
  /** Events of the job that accompany the transition: stored with it and published after `job.completed`. */
  events?: readonly RuntimeEvent[];
}

const completeOptionsSchema = z.strictObject({
  resultRef: z.string().optional(),
  events: z.array(z.instanceof(RuntimeEvent)).readonly().optional(),
});
const reasonSchema = z.strictObject({ reason: textSchema.optional() });
const failOptionsSchema = z.strictObject({ errorCode: idSchema.optional(), errorName: idSchema.optional() });

/**
 * The job lifecycle over a JobStore: idempotent creation, state transitions with optimistic concurrency
 * (re-read and retry on a concurrent write, re-checking the transition), deadlines and lifecycle events.
 * A transition starts from the record this manager last wrote or read for the job, so it costs the store one
 * compare-and-set; the job is re-read only when that record turns out stale (a version conflict, or a check
 * the cached record fails).
 */
export class JobManager {
  private readonly store: JobStore;
  private readonly eventBus?: EventBus;
  private readonly eventWriter?: JobEventWriter;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  private readonly known = new KnownJobRecords(KNOWN_RECORDS);
  readonly leaseOwner: string | undefined;

  /**
   * True when a write's events are stored by that write itself (an `eventWriter`): a write that landed stored
   * them, even when its reply was lost; otherwise they are published after it.
   */
  get storesEventsWithWrites(): boolean {
    return this.eventWriter !== undefined;
  }

  constructor(store: JobStore, options: JobManagerOptions = {}) {
    this.store = parseInput(storeSchema, store, 'store');
    const parsed = parseInput(optionsSchema, options, 'options');
    this.eventBus = parsed.eventBus;
    // the writer stores the events the manager publishes: without a bus there are none to store with a write
    this.eventWriter = parsed.eventBus ? parsed.eventWriter : undefined;
    this.clock = parsed.clock ?? systemClock;
    this.maxAttempts = parsed.maxAttempts ?? 10;
    this.leaseOwner = parsed.leaseOwner;
  }

  /** A new queued job; with an idempotency key already used in the scope, the existing job instead. */
  async create(spec: JobSpec): Promise<JobRecord> {
    const job = JobRecord.create(spec, { clock: this.clock });
    return (await this.firstWrite(job, () => this.store.create(job))).job;
  }

  /**
   * queued → running; publishes `job.started` carrying `data` (the prompt, provider and model of the run). With
   * `leaseSeconds` (and a `leaseOwner`), the job starts leased, its expiry set by the store's clock.
   */
  async start(jobId: string, options: JobStartOptions = {}): Promise<JobRecord> {
    return this.move(jobId, JobStatus.RUNNING, this.startStep(options));
  }

  /**
   * A new job stored already running, in one write: the record, lease and events `create` then `start` with
   * `options` would store and publish (`job.status_changed` queued → running, then `job.started`), except that
   * it is version 1, written once. With an idempotency key already used in the scope, the existing job instead,
   * as stored (`created: false`). A job whose deadline has passed when it is made is created queued and
   * `start` times it out (RuntimeTimeoutError), as with `create` then `start`.
   */
  async createStarted(spec: JobSpec, options: JobStartOptions = {}): Promise<CreatedJob> {
    const step = this.startStep(options);
    const queued = JobRecord.create(spec, { clock: this.clock });
    const now = this.clock.now();
    if (isOverdue(queued, now)) {
      const created = await this.firstWrite(queued, () => this.store.create(queued));
      return created.created ? { job: await this.start(queued.jobId, options), created: true } : created;
    }
    const running = step.change(queued, now).transitionTo(JobStatus.RUNNING, { now });
    const events = this.eventsOf(running, transitionEvents(JobStatus.QUEUED, JobStatus.RUNNING, step), []);
    const writeOptions = step.leaseMs === undefined ? undefined : { leaseMs: step.leaseMs };
    const writer = this.eventWriter;
    const created = await this.firstWrite(running, () =>
      writer ? writer.create(running, events, writeOptions) : this.store.create(running, writeOptions),
    );
    if (created.created && !writer) await this.publish(events);
    return created;
  }

  /** What `start` changes and publishes, from its options. */
  private startStep(options: JobStartOptions): TransitionStep & { change: Change } {
    const { data = {}, leaseSeconds, checkpoint } = parseInput(startOptionsSchema, options, 'options');
    const owner = this.leaseOwner;
    const leased = owner !== undefined && leaseSeconds !== undefined;
    return {
      from: JobStatus.QUEUED,
      change: (job, now) => {
        const withLease = leased ? job.withLease(owner, now + leaseSeconds * 1000) : job;
        return checkpoint === undefined
          ? withLease
          : withLease.withCheckpoint(checkpoint as JsonValue, { now });
      },
      outcome: () => ({ type: 'job.started', data: withoutUndefined(data) }),
      // the store's clock (the database's) sets the lease in the same write, as for every later renewal
      ...(leased ? { leaseMs: this.lease(leaseSeconds).leaseMs } : {}),
    };
  }

  /**
   * Stores a new job with `write`, unless its idempotency key already names one (read first, and again when
   * a concurrent create took the key): then that job, `created: false`.
   */
  private async firstWrite(job: JobRecord, write: () => Promise<JobRecord>): Promise<CreatedJob> {
    const key = job.idempotencyKey;
    if (key !== undefined) {
      const existing = await this.store.getByIdempotencyKey(key, job.scopeId);
      if (existing) return { job: existing, created: false };
    }
    try {
      return { job: this.known.remember(await write()), created: true };
    } catch (error) {
      if (!IdempotencyConflictError.isInstance(error) || key === undefined) throw error;
      const winner = await this.store.getByIdempotencyKey(key, job.scopeId);
      if (!winner) throw error;
      return { job: winner, created: false };
    }
  }

  /** Records progress (0..1) and optionally the turn; publishes `progress`. */
  async updateProgress(
    jobId: string,
    progress: number,
    { turn }: { turn?: number } = {},
  ): Promise<JobRecord> {
    return this.mutate(jobId, (current, now) => current.withProgress(progress, { turn, now }), {
      checkDeadline: true,
      events: (job) => [progressEvent(job)],
    });
  }

  /** running → waiting_action. */
  waitForAction(jobId: string): Promise<JobRecord> {
    return this.move(jobId, JobStatus.WAITING_ACTION, {});
  }

  /** waiting_action → running. */
  resume(jobId: string): Promise<JobRecord> {
    return this.move(jobId, JobStatus.RUNNING, { from: JobStatus.WAITING_ACTION });
  }

  /** running → succeeded with progress 1; publishes `job.completed`, then `events`. */
  async complete(jobId: string, options: JobCompleteOptions = {}): Promise<JobRecord> {
    const { resultRef, events } = parseInput(completeOptionsSchema, options, 'options');
    return this.move(jobId, JobStatus.SUCCEEDED, {
      accompanying: events,
      change: (job, now) => {
        const done = job.withProgress(1, { now });
        return resultRef === undefined ? done : done.withResult(resultRef, { now });
      },
      outcome: () => ({ type: 'job.completed', data: resultRef === undefined ? {} : { resultRef } }),
    });
  }

  /** → failed with the error; publishes `job.failed`. */
  fail(
    jobId: string,
    message: string,
    options: { errorCode?: string; errorName?: string } = {},
  ): Promise<JobRecord> {
    parseInput(textSchema, message, 'message');
    const { errorCode, errorName } = parseInput(failOptionsSchema, options, 'options');
    const code = errorCode ?? ErrorCode.JOB_FAILED;
    return this.move(jobId, JobStatus.FAILED, {
      change: (job, now) => job.withError(message, { errorCode, errorName, now }),
      outcome: () => ({
        type: 'job.failed',
        data: { error: { name: errorName ?? 'JobFailed', code, message } },
      }),
    });
  }

  /**
   * → cancelled (from any active state); the reason is kept as the job's error (code CANCELLED). With
   * `scopeId`, a job of another scope is a NotFoundError and is left unchanged.
   */
  async cancel(jobId: string, options: JobCancelOptions = {}): Promise<JobRecord> {
    const { scopeId, reason } = parseInput(cancelOptionsSchema, options, 'options');
    return this.move(jobId, JobStatus.CANCELLED, {
      change: (job, now) =>
        inScope(job, scopeId).withError(reason ?? 'cancelled', { errorCode: ErrorCode.CANCELLED, now }),
      outcome: () => ({ type: 'job.cancelled', data: reason === undefined ? {} : { reason } }),
    });
  }

  /** → timed_out with error code TIMEOUT; publishes `job.failed` with that error. */
  timeOut(jobId: string, options: { reason?: string } = {}): Promise<JobRecord> {
    const { reason } = parseInput(reasonSchema, options, 'options');
    const message = reason ?? DEADLINE_MESSAGE;
    return this.move(jobId, JobStatus.TIMED_OUT, {
      change: (job, now) => job.withError(message, { errorCode: ErrorCode.TIMEOUT, now }),
      outcome: () => ({
        type: 'job.failed',
        data: { error: { name: 'RuntimeTimeoutError', code: ErrorCode.TIMEOUT, message } },
      }),
    });
  }

  /**
   * Stores the agent loop's state after a completed step (DESIGN §8). With `progress` (and `turn`), the same
   * write records them and `progress` is published; `events` go to the bus after it, handed over together.
   */
  async saveCheckpoint(
    jobId: string,
    state: JsonValue,
    options: JobCheckpointOptions = {},
  ): Promise<JobRecord> {
    const {
      progress,
      turn,
      events = [],
      durabilityPoint,
    } = parseInput(checkpointOptionsSchema, options, 'options');
    return this.mutate(
      jobId,
      (current, now) => {
        const checkpointed = current.withCheckpoint(state, { now });
        return progress === undefined ? checkpointed : checkpointed.withProgress(progress, { turn, now });
      },
      {
        checkDeadline: true,
        events: (job) => (progress === undefined ? [] : [progressEvent(job)]),
        accompanying: events,
        durabilityPoint,
      },
    );
  }

  /**
   * Takes the lease of a running job for this manager's `leaseOwner` (see `JobStore.claimLease`); undefined
   * when another worker holds a live lease or the job is not running.
   */
  async claimLease(
    jobId: string,
    { leaseSeconds }: { leaseSeconds: number },
  ): Promise<JobRecord | undefined> {
    return this.rememberFound(await this.store.claimLease(jobId, this.lease(leaseSeconds)));
  }

  /** Extends the lease this manager's `leaseOwner` holds; undefined when it holds none any more. */
  async renewLease(
    jobId: string,
    { leaseSeconds }: { leaseSeconds: number },
  ): Promise<JobRecord | undefined> {
    return this.rememberFound(await this.store.renewLease(jobId, this.lease(leaseSeconds)));
  }

  /** Running jobs whose lease lapsed or that have none: what a recovery sweep takes over. */
  async listClaimable({ limit = 100 }: { limit?: number } = {}): Promise<JobRecord[]> {
    return this.store.listClaimable({ limit: parseInput(z.number().int().positive(), limit, 'limit') });
  }

  /**
   * Moves every active job whose deadline has passed to timed_out; returns them. Reads only those jobs
   * (`deadlineBefore`), not every active one.
   */
  async expireOverdue(): Promise<JobRecord[]> {
    const now = this.clock.now();
    const expired: JobRecord[] = [];
    for await (const job of this.activeJobs({ deadlineBefore: now })) {
      // a JobStore that ignores `deadlineBefore` returns every active job: time out the overdue ones only
      if (job.deadline === undefined || job.deadline > now) continue;
      const timedOut = await this.timeOutIfActive(job.jobId);
      if (timedOut) expired.push(timedOut);
    }
    return expired;
  }

  /** The job, or undefined when there is none (or, with `scopeId`, when it belongs to another scope). */
  async get(jobId: string, options: JobScopeOptions = {}): Promise<JobRecord | undefined> {
    const { scopeId } = parseInput(scopeOptionsSchema, options, 'options');
    const job = this.rememberFound(await this.store.get(jobId));
    return job && (scopeId === undefined || job.scopeId === scopeId) ? job : undefined;
  }

  /** Jobs matching `filter`; with `scopeId`, only that scope's (none when `filter.scopeId` names another). */
  async list(filter?: JobFilter, options: JobScopeOptions = {}): Promise<JobRecord[]> {
    const { scopeId } = parseInput(scopeOptionsSchema, options, 'options');
    if (scopeId === undefined) return this.store.list(filter);
    if (filter?.scopeId !== undefined && filter.scopeId !== scopeId) return [];
    return this.store.list({ ...filter, scopeId });
  }

  /** The job created with this idempotency key in `scopeId` (without it, the oldest in any scope). */
  async getByIdempotencyKey(key: string, options: JobScopeOptions = {}): Promise<JobRecord | undefined> {
    const { scopeId } = parseInput(scopeOptionsSchema, options, 'options');
    parseInput(idSchema, key, 'key');
    return this.store.getByIdempotencyKey(key, scopeId);
  }

  private lease(leaseSeconds: number) {
    const owner = this.leaseOwner;
    if (owner === undefined)
      throw new ValidationError({
        field: 'options.leaseOwner',
        message: 'options.leaseOwner is required for leases',
      });
    return { owner, leaseMs: parseInput(leaseSecondsSchema, leaseSeconds, 'leaseSeconds') * 1000 };
  }

  /** With a `leaseOwner`, a running job may be written only while this owner holds its lease. */
  private assertFenced(job: JobRecord): void {
    const owner = this.leaseOwner;
    if (owner === undefined || job.status !== JobStatus.RUNNING || job.leaseOwner === owner) return;
    throw new LeaseLostError({ jobId: job.jobId, leaseOwner: owner });
  }

  private async move(jobId: string, to: JobStatus, step: TransitionStep): Promise<JobRecord> {
    let from: JobStatus = JobStatus.QUEUED;
    const job = await this.mutate(
      jobId,
      (current, now) => {
        from = current.status;
        if (step.from !== undefined && from !== step.from) {
          throw new InvalidTransitionError({ entity: 'job', id: jobId, from, to });
        }
        const changed = step.change ? step.change(current, now) : current;
        return changed.transitionTo(to, { now });
      },
      {
        checkDeadline: to === JobStatus.RUNNING || to === JobStatus.WAITING_ACTION,
        leaseMs: step.leaseMs,
        // a status change is what a resumed run, a worker or an operator goes by
        durabilityPoint: true,
        events: () => transitionEvents(from, to, step),
        accompanying: step.accompanying,
      },
    );
    return job;
  }

  private rememberFound(job: JobRecord | undefined): JobRecord | undefined {
    return job && this.known.remember(job);
  }

  /**
   * Applies `change` to the job and compare-and-sets it, retrying on a concurrent write. The first attempt
   * starts from the known record when there is one; every other attempt (and a known record that fails a
   * check, which may only mean it is stale) re-reads. The write's events are published once it is stored, or,
   * with an `eventWriter`, stored with it.
   */
  private async mutate(
    jobId: string,
    change: Change,
    { checkDeadline = false, leaseMs, durabilityPoint, events, accompanying = [] }: MutateOptions = {},
  ): Promise<JobRecord> {
    parseInput(idSchema, jobId, 'jobId');
    let known = this.known.take(jobId);
    const options = updateOptions(leaseMs, durabilityPoint);
    const eventsOf = (job: JobRecord) => this.eventsOf(job, events?.(job) ?? [], accompanying);
    const writer = events ? this.eventWriter : undefined;
    const job = await retryOnConflict(async () => {
      const next =
        (known && this.changedIfValid(known, change, checkDeadline)) ??
        (await this.readChanged(jobId, change, checkDeadline));
      known = undefined;
      const withEvents = writer ? eventsOf(next) : [];
      const stored =
        writer && withEvents.length > 0
          ? await writer.update(next, withEvents, options)
          : await this.store.update(next, options);
      return this.known.remember(stored);
    }, this.maxAttempts);
    if (!writer) await this.publish(eventsOf(job));
    return job;
  }

  /** `change` applied to a known record, or undefined when any check fails (judged again on a fresh read). */
  private changedIfValid(job: JobRecord, change: Change, checkDeadline: boolean): JobRecord | undefined {
    const now = this.clock.now();
    if (checkDeadline && isOverdue(job, now)) return undefined;
    try {
      this.assertFenced(job);
      return change(job, now);
    } catch {
      return undefined;
    }
  }

  /** Reads the job and applies `change` to it, after the lease and deadline checks. */
  private async readChanged(jobId: string, change: Change, checkDeadline: boolean): Promise<JobRecord> {
    const current = await this.store.get(jobId);
    if (!current) throw new NotFoundError({ resource: 'job', id: jobId });
    this.assertFenced(current);
    const now = this.clock.now();
    if (checkDeadline && isOverdue(current, now)) {
      await this.timeOutIfActive(jobId);
      throw new RuntimeTimeoutError({ message: `job ${jobId}: ${DEADLINE_MESSAGE}` });
    }
    return change(current, now);
  }

  /** Times the job out unless it already ended (possibly concurrently). */
  private async timeOutIfActive(jobId: string): Promise<JobRecord | undefined> {
    try {
      return await this.timeOut(jobId);
    } catch (error) {
      const current = await this.store.get(jobId);
      if (current && !current.isActive) return undefined;
      throw error;
    }
  }

  private async *activeJobs(filter: JobFilter = {}): AsyncGenerator<JobRecord> {
    const status = [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.WAITING_ACTION];
    let cursor: string | undefined;
    for (;;) {
      const page = await this.store.list({ ...filter, status, limit: 100, cursor });
      yield* page;
      const last = page[page.length - 1];
      if (page.length < 100 || !last) return;
      cursor = encodeJobCursor(last);
    }
  }

  /**
   * Hands a write's events to the bus together, in order (each `publish` called before the previous one
   * resolves), so a bus that stores them first (the kernel's, on an event log) stores them in one append.
   */
  private async publish(events: readonly RuntimeEvent[]): Promise<void> {
    const bus = this.eventBus;
    if (!bus) return;
    await Promise.all(events.map((event) => bus.publish(event)));
  }

  /** The write's lifecycle events, stamped with the job's ids and the clock's time, then the accompanying ones. */
  private eventsOf(
    job: JobRecord,
    events: RuntimeEventContent[],
    accompanying: readonly RuntimeEvent[],
  ): RuntimeEvent[] {
    if (!this.eventBus) return [];
    const now = this.clock.now();
    return [...events.map((event) => jobLifecycleEvent(event, job, now)), ...accompanying];
  }
}

/** The store options of a write: undefined when it sets neither. */
function updateOptions(leaseMs?: number, durabilityPoint?: boolean): JobUpdateOptions | undefined {
  if (leaseMs === undefined && !durabilityPoint) return undefined;
  return { ...(leaseMs === undefined ? {} : { leaseMs }), ...(durabilityPoint ? { durabilityPoint } : {}) };
}

/** A transition's lifecycle events: `job.status_changed`, then its outcome. */
function transitionEvents(from: JobStatus, to: JobStatus, step: TransitionStep): RuntimeEventContent[] {
  const events: RuntimeEventContent[] = [{ type: 'job.status_changed', data: { from, to } }];
  if (step.outcome) events.push(step.outcome());
  return events;
}

/** The `progress` event of a write that recorded progress. */
function progressEvent(job: JobRecord): RuntimeEventContent {
  return { type: 'progress', data: { progress: job.progress, turn: job.turn } };
}

function isOverdue(job: JobRecord, now: number): boolean {
  return job.isActive && job.deadline !== undefined && job.deadline <= now;
}

/** The job itself when it is in `scopeId` (or no scope is asked for); NotFoundError otherwise. */
function inScope(job: JobRecord, scopeId: string | undefined): JobRecord {
  if (scopeId !== undefined && job.scopeId !== scopeId)
    throw new NotFoundError({ resource: 'job', id: job.jobId });
  return job;
}
