import {
  type Clock,
  frozenCopy,
  InvalidTransitionError,
  idSchema,
  jsonObjectSchema,
  newId,
  parseInput,
  systemClock,
  textSchema,
  withoutUndefined,
} from '@agent-runtime/core';
import { z } from 'zod';
import { type ActionSpec, actionSpecSchema } from './action-spec';
import { ACTION_STATUSES, ActionStatus } from './action-status';
import { generateResumeToken, hashResumeToken } from './resume-token';

/** Everything an ActionRecord holds (the constructor's input). */
export interface ActionRecordInit {
  actionId: string;
  jobId: string;
  scopeId?: string;
  type: string;
  payload?: Record<string, unknown>;
  /** Defaults to pending. */
  status?: ActionStatus;
  /** Epoch ms; defaults to now. */
  createdAt?: number;
  expiresAt?: number;
  /** When the action left pending (resolved, expired or cancelled). */
  resolvedAt?: number;
  resolution?: Record<string, unknown>;
  cancelReason?: string;
  /** SHA-256 (hex) of the resume token: the only form in which a token is kept. */
  resumeTokenHash: string;
  metadata?: Record<string, unknown>;
  /** Optimistic-concurrency version: 1 on create, incremented by the store on every update. */
  version?: number;
  /** The plaintext token: only on the record `requireAction` returns; never serialized or stored. */
  resumeToken?: string;
}

export interface ActionRecordJSON {
  actionId: string;
  jobId: string;
  scopeId?: string;
  type: string;
  payload: Record<string, unknown>;
  status: ActionStatus;
  createdAt: number;
  expiresAt?: number;
  resolvedAt?: number;
  resolution?: Record<string, unknown>;
  cancelReason?: string;
  resumeTokenHash: string;
  metadata: Record<string, unknown>;
  version: number;
}

const id = idSchema;
const epochMs = z.number().finite().nonnegative();
const jsonRecord = jsonObjectSchema();

const recordSchema = z.strictObject({
  actionId: id,
  jobId: id,
  scopeId: id.optional(),
  type: id,
  payload: jsonRecord.default({}),
  status: z.enum(ACTION_STATUSES as [ActionStatus, ...ActionStatus[]]).default(ActionStatus.PENDING),
  createdAt: epochMs.optional(),
  expiresAt: epochMs.optional(),
  resolvedAt: epochMs.optional(),
  resolution: jsonRecord.optional(),
  cancelReason: textSchema.optional(),
  resumeTokenHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
  metadata: jsonRecord.default({}),
  version: z.number().int().positive().default(1),
});
const initSchema = recordSchema.extend({ resumeToken: id.optional() });

/**
 * One human-in-the-loop request. Immutable: `resolve`/`expire`/`cancel` return new records and are allowed
 * only while pending. Holds the resume token's hash; the plaintext exists only on the record returned at
 * creation, and `toJSON` never carries it.
 */
export class ActionRecord {
  readonly actionId!: string;
  readonly jobId!: string;
  readonly scopeId?: string;
  readonly type!: string;
  readonly payload!: Readonly<Record<string, unknown>>;
  readonly status!: ActionStatus;
  readonly createdAt!: number;
  readonly expiresAt?: number;
  readonly resolvedAt?: number;
  readonly resolution?: Readonly<Record<string, unknown>>;
  readonly cancelReason?: string;
  readonly resumeTokenHash!: string;
  readonly metadata!: Readonly<Record<string, unknown>>;
  readonly version!: number;
  declare readonly resumeToken?: string;

  constructor(init: ActionRecordInit) {
    const { resumeToken, ...parsed } = parseInput(initSchema, init, 'action');
    Object.assign(
      this,
      withoutUndefined({
        ...parsed,
        payload: frozenCopy(parsed.payload),
        resolution: parsed.resolution && frozenCopy(parsed.resolution),
        metadata: frozenCopy(parsed.metadata),
        createdAt: parsed.createdAt ?? Date.now(),
      }),
    );
    // not enumerable, so spreading, logging or serializing the record never carries it
    if (resumeToken !== undefined)
      Object.defineProperty(this, 'resumeToken', { value: resumeToken, enumerable: false });
    Object.freeze(this);
  }

  /** A new pending action (version 1) with a fresh resume token, returned on the record as `resumeToken`. */
  static create(spec: ActionSpec, { clock = systemClock }: { clock?: Clock } = {}): ActionRecord {
    const { timeoutSeconds, ...rest } = parseInput(actionSpecSchema, spec, 'spec');
    const now = clock.now();
    const resumeToken = generateResumeToken();
    return new ActionRecord({
      ...rest,
      actionId: newId('act'),
      status: ActionStatus.PENDING,
      createdAt: now,
      expiresAt: timeoutSeconds === undefined ? undefined : now + timeoutSeconds * 1000,
      resumeTokenHash: hashResumeToken(resumeToken),
      resumeToken,
      version: 1,
    });
  }

  static fromJSON(json: unknown): ActionRecord {
    return new ActionRecord(parseInput(recordSchema, json, 'action') as ActionRecordInit);
  }

  get isPending(): boolean {
    return this.status === ActionStatus.PENDING;
  }

  /** True once expired, or while pending at or past `expiresAt`. */
  isExpired(now: number = Date.now()): boolean {
    if (this.status === ActionStatus.EXPIRED) return true;
    return this.isPending && this.expiresAt !== undefined && now >= this.expiresAt;
  }

  resolve(resolution: Record<string, unknown>, { now = Date.now() }: { now?: number } = {}): ActionRecord {
    const value = parseInput(jsonRecord, resolution, 'resolution');
    return this.leavePending(ActionStatus.RESOLVED, now, { resolution: value });
  }

  expire({ now = Date.now() }: { now?: number } = {}): ActionRecord {
    return this.leavePending(ActionStatus.EXPIRED, now, {});
  }

  cancel(reason?: string, { now = Date.now() }: { now?: number } = {}): ActionRecord {
    return this.leavePending(ActionStatus.CANCELLED, now, { cancelReason: reason });
  }

  /** The same record at another version: for ActionStore implementations. */
  withVersion(version: number): ActionRecord {
    return new ActionRecord({ ...this.toJSON(), version });
  }

  toJSON(): ActionRecordJSON {
    return structuredClone(withoutUndefined({ ...this })) as ActionRecordJSON;
  }

  private leavePending(status: ActionStatus, now: number, patch: Partial<ActionRecordInit>): ActionRecord {
    if (!this.isPending) {
      throw new InvalidTransitionError({
        entity: 'action',
        id: this.actionId,
        from: this.status,
        to: status,
      });
    }
    return new ActionRecord({ ...this.toJSON(), ...patch, status, resolvedAt: now });
  }
}
