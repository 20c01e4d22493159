import { z } from 'zod';
import type { ExecutionContext } from '../context/execution-context';
import { newId } from '../ids';
import { parsePatch } from '../input/parse-patch';
import { parseInput } from '../validation';
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

const optionalId = z.string().min(1).optional();
const eventSchema = z.strictObject({
  eventId: optionalId,
  type: z.enum(RUNTIME_EVENT_TYPES as [RuntimeEventType, ...RuntimeEventType[]]),
  timestamp: z.number().finite().nonnegative().optional(),
  jobId: optionalId,
  runId: optionalId,
  traceId: optionalId,
  spanId: optionalId,
  scopeId: optionalId,
  principalId: optionalId,
  sessionId: optionalId,
  data: z.record(z.string(), z.unknown()).default({}),
  seq: z.number().int().positive().optional(),
});

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
    const parsed = parseInput(eventSchema, init, 'event');
    Object.assign(this, withoutUndefined(parsed));
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
    // The context was validated when it was built: only the type, data and timestamp are checked here, by
    // hand; anything they would fail goes through the schema, for its typed error.
    if (!isRuntimeEventType(type) || !isPlainRecord(data) || !isValidTimestamp(timestamp))
      return new RuntimeEvent<T>(init);
    const event = Object.create(RuntimeEvent.prototype) as RuntimeEvent<T>;
    Object.assign(
      event,
      withoutUndefined({
        eventId: newId('evt'),
        ...init,
        timestamp: timestamp ?? Date.now(),
        data: { ...data },
      }),
    );
    return Object.freeze(event);
  }

  /** A copy with some fields replaced, the type kept (only those are validated: the rest were when this event was built). */
  with(patch: RuntimeEventPatch<T>): RuntimeEvent<T> {
    const { eventId, timestamp, ...changed } = parsePatch(eventSchema.shape, patch, 'event');
    const event = Object.create(RuntimeEvent.prototype) as RuntimeEvent<T>;
    Object.assign(event, withoutUndefined({ ...this, data: { ...this.data }, ...changed }));
    if ('eventId' in patch) Object.assign(event, { eventId: eventId ?? newId('evt') });
    if ('timestamp' in patch) Object.assign(event, { timestamp: timestamp ?? Date.now() });
    return Object.freeze(event);
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

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isValidTimestamp(timestamp: number | undefined): boolean {
  return timestamp === undefined || (Number.isFinite(timestamp) && timestamp >= 0);
}
