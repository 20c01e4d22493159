import {
  type BudgetSpec,
  type BudgetSpecInput,
  type BudgetSpecJSON,
  budgetSpecSchema,
  budgetSpecToJSON,
  type Clock,
  deepFreeze,
  INPUT_LIMITS,
  InvalidTransitionError,
  idSchema,
  isNonNegativeInteger,
  isNonNegativeNumber,
  isPositiveInteger,
  isStorableId,
  type JsonValue,
  jsonObjectSchema,
  jsonValueSchema,
  newId,
  orUndefined,
  type PolicyRef,
  parseInput,
  parsePatch,
  policyRefSchema,
  systemClock,
  withoutUndefined,
  withQuickCheck,
} from '@agent-runtime/core';
import { z } from 'zod';
import { type JobSpec, jobSpecSchema } from './job-spec';
import { isTerminalStatus, JOB_STATUSES, JobStatus } from './job-status';
import { isAllowedTransition } from './job-transitions';

/** Why a job failed (or was cancelled or timed out). */
export interface JobError {
  readonly message: string;
  readonly code?: string;
  /** The name of the error that ended the job (`PolicyDenied`), so a stored result can repeat it. */
  readonly name?: string;
}

/** Everything a JobRecord holds; the constructor's input. Omitted fields take their defaults. */
export interface JobRecordInit {
  jobId: string;
  scopeId: string;
  principalId?: string;
  sessionId?: string;
  runId?: string;
  traceId?: string;
  parentJobId?: string;
  idempotencyKey?: string;
  /** Defaults to queued. */
  status?: JobStatus;
  /** 0..1. */
  progress?: number;
  turn?: number;
  /** Epoch ms. */
  deadline?: number;
  budgets?: BudgetSpecInput;
  policyRef?: PolicyRef;
  metadata?: Record<string, unknown>;
  tags?: Record<string, string>;
  resultRef?: string;
  error?: JobError;
  /** The agent loop's serializable state after its last completed step (DESIGN §8). */
  checkpoint?: JsonValue;
  /** Epoch ms; defaults to now. */
  createdAt?: number;
  /** Epoch ms; defaults to `createdAt`. */
  updatedAt?: number;
  startedAt?: number;
  finishedAt?: number;
  /** Optimistic-concurrency version: 1 on create, incremented by the store on every update. */
  version?: number;
  /** The worker that holds the job's lease; only a `running` job has one. */
  leaseOwner?: string;
  /** Epoch ms at which the lease ends unless its owner renews it (by the store's clock). */
  leaseExpiresAt?: number;
  /** How many times a worker took the job over from one whose lease had lapsed. @default 0 */
  recoveries?: number;
}

export interface JobRecordJSON {
  jobId: string;
  scopeId: string;
  principalId?: string;
  sessionId?: string;
  runId?: string;
  traceId?: string;
  parentJobId?: string;
  idempotencyKey?: string;
  status: JobStatus;
  progress: number;
  turn: number;
  deadline?: number;
  budgets: BudgetSpecJSON;
  policyRef?: PolicyRef;
  metadata: Record<string, unknown>;
  tags: Record<string, string>;
  resultRef?: string;
  error?: JobError;
  checkpoint?: JsonValue;
  createdAt: number;
  updatedAt: number;
  startedAt?: number;
  finishedAt?: number;
  version: number;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  recoveries: number;
}

const id = idSchema;
// the fields a copy patches have quick checks (parsePatch then skips zod for valid values)
const optionalId = () => withQuickCheck(id.optional(), orUndefined(isStorableId));
const epochMs = withQuickCheck(z.number().finite().nonnegative(), isNonNegativeNumber);
const optionalEpochMs = () => withQuickCheck(epochMs.optional(), orUndefined(isNonNegativeNumber));
const isJobStatus = (value: unknown) => (JOB_STATUSES as readonly unknown[]).includes(value);
const isProgress = (value: unknown) => isNonNegativeNumber(value) && value <= 1;

const recordSchema = z.strictObject({
  jobId: id,
  scopeId: id,
  principalId: optionalId(),
  sessionId: optionalId(),
  runId: optionalId(),
  traceId: optionalId(),
  parentJobId: optionalId(),
  idempotencyKey: optionalId(),
  status: withQuickCheck(
    z.enum(JOB_STATUSES as [JobStatus, ...JobStatus[]]).default(JobStatus.QUEUED),
    isJobStatus,
  ),
  progress: withQuickCheck(z.number().min(0).max(1).default(0), isProgress),
  turn: withQuickCheck(z.number().int().nonnegative().default(0), isNonNegativeInteger),
  deadline: optionalEpochMs(),
  budgets: budgetSpecSchema.default({}),
  policyRef: policyRefSchema.optional(),
  metadata: jsonObjectSchema().default({}),
  tags: z.record(idSchema, idSchema).default({}),
  resultRef: optionalId(),
  error: z.strictObject({ message: z.string(), code: id.optional(), name: id.optional() }).optional(),
  // the record freezes its checkpoint: the frozen parts (a driver's messages, the same each step) are kept
  checkpoint: jsonValueSchema({ maxBytes: 16 * INPUT_LIMITS.maxJsonBytes, keepFrozen: true }).optional(),
  createdAt: optionalEpochMs(),
  updatedAt: optionalEpochMs(),
  startedAt: optionalEpochMs(),
  finishedAt: optionalEpochMs(),
  version: withQuickCheck(z.number().int().positive().default(1), isPositiveInteger),
  leaseOwner: optionalId(),
  leaseExpiresAt: optionalEpochMs(),
  recoveries: withQuickCheck(z.number().int().nonnegative().default(0), isNonNegativeInteger),
});

type ParsedRecord = z.output<typeof recordSchema>;

/**
 * Sets a record's fields from validated ones and freezes it. Nested values are zod's output, already copies
 * of the input (or values of a frozen record), so freezing them in place suffices.
 */
function fill(record: JobRecord, parsed: ParsedRecord): void {
  const createdAt = parsed.createdAt ?? Date.now();
  Object.assign(
    record,
    withoutUndefined({ ...frozenNested(parsed), createdAt, updatedAt: parsed.updatedAt ?? createdAt }),
  );
  Object.freeze(record);
}

/** `parsed` with the nested values it holds frozen in place (and their `undefined` keys dropped). */
function frozenNested<P extends Partial<ParsedRecord>>(parsed: P): P {
  const frozen = { ...parsed };
  if (parsed.budgets) frozen.budgets = Object.freeze(withoutUndefined(parsed.budgets));
  if (parsed.policyRef) frozen.policyRef = deepFreeze(withoutUndefined(parsed.policyRef));
  if (parsed.metadata) frozen.metadata = deepFreeze(parsed.metadata);
  if (parsed.tags) frozen.tags = deepFreeze(parsed.tags);
  if (parsed.error) frozen.error = deepFreeze(withoutUndefined(parsed.error));
  if (parsed.checkpoint !== undefined) frozen.checkpoint = deepFreeze(parsed.checkpoint);
  return frozen;
}

const progressSchema = withQuickCheck(z.number().min(0).max(1), isProgress);
const turnSchema = withQuickCheck(
  z.number().int().nonnegative().optional(),
  orUndefined(isNonNegativeInteger),
);
const statusSchema = withQuickCheck(z.enum(JOB_STATUSES as [JobStatus, ...JobStatus[]]), isJobStatus);

/**
 * One job's lifecycle record. Immutable: every `with…`/`transitionTo` returns a new record with `updatedAt`
 * set; `version` changes only when a store writes it. Nested values are frozen copies.
 */
export class JobRecord {
  readonly jobId!: string;
  readonly scopeId!: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly runId?: string;
  readonly traceId?: string;
  readonly parentJobId?: string;
  readonly idempotencyKey?: string;
  readonly status!: JobStatus;
  readonly progress!: number;
  readonly turn!: number;
  readonly deadline?: number;
  readonly budgets!: BudgetSpec;
  readonly policyRef?: PolicyRef;
  readonly metadata!: Readonly<Record<string, unknown>>;
  readonly tags!: Readonly<Record<string, string>>;
  readonly resultRef?: string;
  readonly error?: JobError;
  readonly checkpoint?: JsonValue;
  readonly createdAt!: number;
  readonly updatedAt!: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly version!: number;
  readonly leaseOwner?: string;
  readonly leaseExpiresAt?: number;
  readonly recoveries!: number;

  constructor(init: JobRecordInit) {
    fill(this, parseInput(recordSchema, init, 'job'));
  }

  /** A new queued job (version 1) from a spec; the deadline is the earlier of `deadline` and `timeoutSeconds`. */
  static create(spec: JobSpec, { clock = systemClock }: { clock?: Clock } = {}): JobRecord {
    const { timeoutSeconds, jobId, ...rest } = parseInput(jobSpecSchema, spec, 'spec');
    const now = clock.now();
    const relative = timeoutSeconds === undefined ? undefined : now + timeoutSeconds * 1000;
    const deadlines = [rest.deadline, relative].filter((d): d is number => d !== undefined);
    // the spec's fields were just validated with the record's own schemas: only what `create` adds is checked
    const added = parsePatch(
      recordSchema.shape,
      {
        jobId: jobId ?? newId('job'),
        deadline: deadlines.length > 0 ? Math.min(...deadlines) : undefined,
        createdAt: now,
        updatedAt: now,
      },
      'job',
    );
    const record = Object.create(JobRecord.prototype) as JobRecord;
    fill(record, {
      budgets: {},
      metadata: {},
      tags: {},
      ...rest,
      ...added,
      status: JobStatus.QUEUED,
      progress: 0,
      turn: 0,
      version: 1,
      recoveries: 0,
    } as ParsedRecord);
    return record;
  }

  static fromJSON(json: unknown): JobRecord {
    return new JobRecord(json as JobRecordInit);
  }

  get isTerminal(): boolean {
    return isTerminalStatus(this.status);
  }

  get isActive(): boolean {
    return !isTerminalStatus(this.status);
  }

  canTransitionTo(status: JobStatus): boolean {
    return isAllowedTransition(this.status, status);
  }

  /**
   * The record in `status`; throws InvalidTransitionError when the state machine forbids it. Leaving
   * `running` releases the lease: a waiting or ended job needs no live worker.
   */
  transitionTo(status: JobStatus, { now = Date.now() }: { now?: number } = {}): JobRecord {
    const to = parseInput(statusSchema, status, 'status');
    if (!this.canTransitionTo(to)) {
      throw new InvalidTransitionError({ entity: 'job', id: this.jobId, from: this.status, to });
    }
    return this.copy({
      status: to,
      updatedAt: now,
      startedAt: this.startedAt ?? (to === JobStatus.RUNNING ? now : undefined),
      finishedAt: isTerminalStatus(to) ? now : undefined,
      ...(to === JobStatus.RUNNING ? {} : { leaseOwner: undefined, leaseExpiresAt: undefined }),
    });
  }

  /** The record with its lease held by `owner` until `expiresAt` (epoch ms): for JobStore implementations. */
  withLease(owner: string, expiresAt: number): JobRecord {
    return this.copy({ leaseOwner: owner, leaseExpiresAt: expiresAt });
  }

  /** Progress in 0..1 and optionally the turn; refused (InvalidTransitionError) once the job is terminal. */
  withProgress(
    progress: number,
    { turn, now = Date.now() }: { turn?: number; now?: number } = {},
  ): JobRecord {
    const value = parseInput(progressSchema, progress, 'progress');
    const nextTurn = parseInput(turnSchema, turn, 'turn');
    this.assertActive('progress');
    return this.copy({ progress: value, turn: nextTurn ?? this.turn, updatedAt: now });
  }

  withError(
    message: string,
    { errorCode, errorName, now = Date.now() }: { errorCode?: string; errorName?: string; now?: number } = {},
  ): JobRecord {
    return this.copy({
      error: withoutUndefined({ message, code: errorCode, name: errorName }),
      updatedAt: now,
    });
  }

  withResult(resultRef: string, { now = Date.now() }: { now?: number } = {}): JobRecord {
    return this.copy({ resultRef, updatedAt: now });
  }

  /** The agent loop's state after a completed step; refused once the job is terminal. */
  withCheckpoint(state: JsonValue, { now = Date.now() }: { now?: number } = {}): JobRecord {
    this.assertActive('checkpoint');
    return this.copy({ checkpoint: state, updatedAt: now });
  }

  /** The same record at another version: for JobStore implementations. */
  withVersion(version: number): JobRecord {
    return this.copy({ version });
  }

  /** The record as a store writes it: `version` and `recoveries` set (for JobStore implementations). */
  withStoreFields({ version, recoveries }: { version: number; recoveries: number }): JobRecord {
    return this.copy({ version, recoveries });
  }

  toJSON(): JobRecordJSON {
    return structuredClone(
      withoutUndefined({
        ...this,
        budgets: budgetSpecToJSON(this.budgets),
      }),
    ) as JobRecordJSON;
  }

  /** The record with `patch` applied: only the patched fields are validated (the rest already were). */
  private copy(patch: Partial<JobRecordInit>): JobRecord {
    const record = Object.create(JobRecord.prototype) as JobRecord;
    // this record's own nested values are frozen already: only the patched ones need it
    const changed = frozenNested(parsePatch(recordSchema.shape, patch, 'job') as Partial<ParsedRecord>);
    Object.assign(record, withoutUndefined({ ...this, ...changed }));
    Object.freeze(record);
    return record;
  }

  private assertActive(change: string): void {
    if (isTerminalStatus(this.status)) {
      throw new InvalidTransitionError({ entity: 'job', id: this.jobId, from: this.status, to: change });
    }
  }
}
