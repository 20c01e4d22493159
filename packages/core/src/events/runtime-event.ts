import { z } from 'zod';
import type { ExecutionContext } from '../context/execution-context';
import { newId } from '../ids';
import { parsePatch } from '../input/parse-patch';
import { parseInput } from '../validation';
import { withoutUndefined } from '../without-undefined';
import { redactData } from './redact-data';
import { RUNTIME_EVENT_TYPES, type RuntimeEventType } from './runtime-event-type';

export interface RuntimeEventInit {
  eventId?: string;
  type: RuntimeEventType;
  /** Epoch milliseconds; defaults to now. */
  timestamp?: number;
  jobId?: string;
  runId?: string;
  traceId?: string;
  spanId?: string;
  scopeId?: string;
  principalId?: string;
  sessionId?: string;
  data?: Record<string, unknown>;
  /** The event's position in its job's event log (1, 2, 3, …); set by the log, absent before it is stored. */
  seq?: number;
}

export type RuntimeEventJSON = Required<Pick<RuntimeEventInit, 'eventId' | 'type' | 'timestamp' | 'data'>> &
  Omit<RuntimeEventInit, 'eventId' | 'type' | 'timestamp' | 'data'>;

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

/** One immutable runtime event: what happened, when, to which job, in which trace and tenant. */
export class RuntimeEvent {
  readonly eventId: string;
  readonly type: RuntimeEventType;
  readonly timestamp: number;
  readonly jobId?: string;
  readonly runId?: string;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly scopeId?: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly seq?: number;

  constructor(init: RuntimeEventInit) {
    const parsed = parseInput(eventSchema, init, 'event');
    Object.assign(this, withoutUndefined(parsed));
    this.eventId = parsed.eventId ?? newId('evt');
    this.type = parsed.type;
    this.timestamp = parsed.timestamp ?? Date.now();
    this.data = parsed.data;
    Object.freeze(this);
  }

  /** An event stamped with the context's identity and trace. */
  static fromContext(
    ctx: ExecutionContext,
    type: RuntimeEventType,
    data: Record<string, unknown> = {},
    { timestamp }: { timestamp?: number } = {},
  ): RuntimeEvent {
    return new RuntimeEvent({
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
    });
  }

  /** A copy with some fields replaced (only those are validated: the rest were when this event was built). */
  with(patch: Partial<RuntimeEventInit>): RuntimeEvent {
    const { eventId, timestamp, ...changed } = parsePatch(eventSchema.shape, patch, 'event');
    const event = Object.create(RuntimeEvent.prototype) as RuntimeEvent;
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

  toJSON(): RuntimeEventJSON {
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
      data: { ...this.data },
      seq: this.seq,
    });
  }

  static fromJSON(json: unknown): RuntimeEvent {
    return new RuntimeEvent(json as RuntimeEventInit);
  }
}
