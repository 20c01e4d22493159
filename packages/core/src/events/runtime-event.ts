import { z } from 'zod';
import type { ExecutionContext } from '../context/execution-context';
import { newId } from '../ids';
import { parsePatch } from '../input/parse-patch';
import { isNonEmptyString, isNonNegativeNumber, isPositiveInteger, orUndefined } from '../input/quick-checks';
import { parseInput, withQuickCheck } from '../validation';
import { withoutUndefined } from '../without-undefined';
import { redactData } from './redact-data';
import type { RuntimeEventDataMap } from './runtime-event-data';
import { isRuntimeEventType, RUNTIME_EVENT_TYPES, type RuntimeEventType } from './runtime-event-type';

/** Who and where an event is about, besides its type and data. */
export interface RuntimeEventEnvelope {
  eventId?: string;
  /** Epoch milliseconds; defaults to now. */
  timestamp?: number;
  jobId?: string;
  runId?: string;
  traceId?: string;
  spanId?: string;
  scopeId?: string;
  principalId?: string;
  sessionId?: string;
  /** The event's position in its job's event log (1, 2, 3, …); set by the log, absent before it is stored. */
  seq?: number;
}

/** `data` may be left out only for a type whose every field is optional (it then defaults to `{}`). */
type DataField<T extends RuntimeEventType> = object extends RuntimeEventDataMap[T]
  ? { data?: RuntimeEventDataMap[T] }
  : { data: RuntimeEventDataMap[T] };

export type RuntimeEventInit<T extends RuntimeEventType = RuntimeEventType> = RuntimeEventEnvelope & {
  type: T;
} & DataField<T>;

export type RuntimeEventJSON<T extends RuntimeEventType = RuntimeEventType> = RuntimeEventEnvelope & {
  eventId: string;
  type: T;
  timestamp: number;
  data: RuntimeEventDataMap[T];
};

/** What `with` may replace: anything but the type, and the data only for the same type. */
export type RuntimeEventPatch<T extends RuntimeEventType = RuntimeEventType> = RuntimeEventEnvelope & {
  data?: RuntimeEventDataMap[T];
};

const optionalId = withQuickCheck(z.string().min(1).optional(), orUndefined(isNonEmptyString));
const eventSchema = z.strictObject({
  eventId: optionalId,
  type: withQuickCheck(
    z.enum(RUNTIME_EVENT_TYPES as [RuntimeEventType, ...RuntimeEventType[]]),
    isRuntimeEventType,
  ),
  timestamp: withQuickCheck(z.number().finite().nonnegative().optional(), orUndefined(isNonNegativeNumber)),
  jobId: optionalId,
  runId: optionalId,
  traceId: optionalId,
  spanId: optionalId,
  scopeId: optionalId,
  principalId: optionalId,
  sessionId: optionalId,
  data: z.record(z.string(), z.unknown()).default({}),
  seq: withQuickCheck(z.number().int().positive().optional(), orUndefined(isPositiveInteger)),
});
type ParsedEvent = z.output<typeof eventSchema>;
const FIELDS = Object.keys(eventSchema.shape) as (keyof ParsedEvent)[];
const ID_FIELDS = FIELDS.filter((key) => eventSchema.shape[key] === optionalId);

/**
 * One immutable runtime event: what happened, when, to which job, in which trace and tenant. `data` has the
 * shape `RuntimeEventDataMap` gives its type; a handler that receives `AnyRuntimeEvent` narrows both at once
 * (`if (event.type === 'action.required') event.data.resumeToken`).
 */
export class RuntimeEvent<T extends RuntimeEventType = RuntimeEventType> {
  readonly eventId: string;
  readonly type: T;
  readonly timestamp: number;
  readonly jobId?: string;
  readonly runId?: string;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly scopeId?: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly data: Readonly<RuntimeEventDataMap[T]>;
  readonly seq?: number;

  constructor(init: RuntimeEventInit<T>) {
    const parsed = quickParse(init) ?? withoutUndefined(parseInput(eventSchema, init, 'event'));
    Object.assign(this, parsed);
    this.eventId = parsed.eventId ?? newId('evt');
    this.type = parsed.type as T;
    this.timestamp = parsed.timestamp ?? Date.now();
    // the schema checks that data is a record; its shape per type is the producer's contract
    this.data = parsed.data as RuntimeEventDataMap[T];
    Object.freeze(this);
  }

  /** An event stamped with the context's identity and trace. */
  static fromContext<T extends RuntimeEventType>(
    ctx: ExecutionContext,
    type: T,
    data: RuntimeEventDataMap[T],
    { timestamp }: { timestamp?: number } = {},
  ): RuntimeEvent<T> {
    const init = {
      type,
      timestamp,
      jobId: ctx.jobId,
      runId: ctx.runId,
      traceId: ctx.traceId,
      spanId: ctx.spanId,
      scopeId: ctx.scopeId,
      principalId: ctx.principalId,
      sessionId: ctx.sessionId,
      data,
    } as RuntimeEventInit<T>;
    return new RuntimeEvent<T>(init);
  }

  /** A copy with some fields replaced, the type kept (only those are validated: the rest were when this event was built). */
  with(patch: RuntimeEventPatch<T>): RuntimeEvent<T> {
    const seq = validSeqOnly(patch);
    // the event log stamps every event so: the same copy, without parsing the one-field patch
    if (seq !== undefined) return copyWith(this, { seq });
    const { eventId, timestamp, ...changed } = parsePatch(eventSchema.shape, patch, 'event');
    const replaced: Record<string, unknown> = changed;
    if ('eventId' in patch) replaced.eventId = eventId ?? newId('evt');
    if ('timestamp' in patch) replaced.timestamp = timestamp ?? Date.now();
    return copyWith(this, replaced);
  }

  /**
   * One Server-Sent Events frame: `id` (the log's `seq` once stored, else the event id), `event`, one `data:`
   * line per line of the JSON, blank line. The frame leaves the process, so resume tokens are redacted as
   * `redactForExport` does.
   */
  toSSE(): string {
    const body = JSON.stringify({ ...this.toJSON(), data: redactData(this.data) });
    const dataLines = body
      .split(/\r\n|\r|\n/)
      .map((line) => `data: ${line}`)
      .join('\n');
    return `id: ${this.seq ?? this.eventId}\nevent: ${this.type}\n${dataLines}\n\n`;
  }

  toJSON(): RuntimeEventJSON<T> {
    return withoutUndefined({
      eventId: this.eventId,
      type: this.type,
      timestamp: this.timestamp,
      jobId: this.jobId,
      runId: this.runId,
      traceId: this.traceId,
      spanId: this.spanId,
      scopeId: this.scopeId,
      principalId: this.principalId,
      sessionId: this.sessionId,
      data: { ...this.data } as RuntimeEventDataMap[T],
      seq: this.seq,
    });
  }

  /** An event read back from JSON; its `data` is trusted to have the shape its type gives it. */
  static fromJSON(json: unknown): AnyRuntimeEvent {
    return asAnyRuntimeEvent(new RuntimeEvent(json as RuntimeEventInit));
  }
}

/**
 * Every runtime event as a union discriminated by `type`: checking `event.type` narrows `event.data`.
 * Handlers, streams and `handle.events()` yield this.
 */
export type AnyRuntimeEvent = { [K in RuntimeEventType]: RuntimeEvent<K> }[RuntimeEventType];

/**
 * `event` as the member of the union its `type` names. Every event is one (its data was given for its
 * type); the wide `RuntimeEvent` only forgets which. Buses, logs and streams yield events through this.
 */
export function asAnyRuntimeEvent(event: RuntimeEvent): AnyRuntimeEvent {
  return event as AnyRuntimeEvent;
}

/** A frozen copy of `event` (its data copied too) with `changed` set; a field changed to undefined stays an own field. */
function copyWith<E extends RuntimeEvent>(event: E, changed: object): E {
  const copy = Object.assign(Object.create(RuntimeEvent.prototype), event);
  copy.data = { ...event.data };
  return Object.freeze(Object.assign(copy, changed)) as E;
}

/** The patch's `seq` when that is all it sets and `eventSchema` accepts it as it is; else undefined. */
function validSeqOnly(patch: object): number | undefined {
  // `for…in` sees inherited keys too: such a patch is left to parsePatch
  for (const key in patch) if (key !== 'seq') return undefined;
  const { seq } = patch as { seq?: unknown };
  return Object.hasOwn(patch, 'seq') && isPositiveInteger(seq) ? seq : undefined;
}

/**
 * `init` as `eventSchema` parses it, checked by hand (every event the runtime builds passes); undefined when
 * only zod can tell (then it parses it, and names the field of what it refuses).
 */
function quickParse(init: unknown): ParsedEvent | undefined {
  if (typeof init !== 'object' || init === null || Array.isArray(init)) return undefined;
  const fields = init as Record<string, unknown>;
  // `for…in`, as zod's strict object checks keys (inherited enumerable ones too)
  for (const key in fields) if (!Object.hasOwn(eventSchema.shape, key)) return undefined;
  for (const key of ID_FIELDS)
    if (fields[key] !== undefined && !isNonEmptyString(fields[key])) return undefined;
  if (!isRuntimeEventType(fields.type)) return undefined;
  if (fields.timestamp !== undefined && !isNonNegativeNumber(fields.timestamp)) return undefined;
  if (fields.seq !== undefined && !isPositiveInteger(fields.seq)) return undefined;
  const data = fields.data === undefined ? {} : recordCopy(fields.data);
  if (data === undefined) return undefined;
  const parsed: Record<string, unknown> = { data };
  for (const key of FIELDS) if (key !== 'data' && fields[key] !== undefined) parsed[key] = fields[key];
  return parsed as ParsedEvent;
}

/** A copy of `value` as `z.record(z.string(), z.unknown())` makes it, for a plain object with string keys only. */
function recordCopy(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  // zod refuses symbol keys and drops an own `__proto__`: such data takes the schema's path
  if (Object.getOwnPropertySymbols(value).length > 0 || Object.hasOwn(value, '__proto__')) return undefined;
  return { ...value };
}
