import {
  type Clock,
  type EventBus,
  type EventFilter,
  type EventSubscription,
  ExportLosses,
  matchesFilter,
  parseInput,
  RuntimeEvent,
  redactForExport,
  systemClock,
} from '@agent-runtime/core';
import { z } from 'zod';
import { BoundedQueue, OverflowPolicy } from './bounded-queue';
import type { EventAdapter } from './event-adapter';
import { eventFilterSchema, eventFilterShape, type NormalizedEventFilter } from './event-filter-schema';
import { HEARTBEAT, withHeartbeat } from './heartbeat';
import { formatSSEComment, formatSSEFrame } from './sse-frame';

export interface SSEEventAdapterOptions {
  /** `start()` subscribes the adapter to this bus; without one, feed it with `adapt(event)`. */
  bus?: EventBus;
  /** Which bus events the adapter takes (each connection can narrow further). */
  filter?: EventFilter;
  /** Events kept for `Last-Event-ID` resume. @default 1000 */
  historySize?: number;
  /** A `: heartbeat` comment is sent after this much silence on a connection; 0 disables. @default 15 000 */
  heartbeatIntervalMs?: number;
  /** When set, each connection starts with `retry:` so clients wait this long before reconnecting. */
  retryMs?: number;
  /** Frames one connection may have waiting; beyond that the oldest are dropped (and counted). @default 1000 */
  maxQueueSize?: number;
  /** Told once per outage about frames dropped (a connection or the bus queue fell behind). @default console */
  logger?: Pick<Console, 'warn'>;
  clock?: Clock;
}

export interface SSEExportStats {
  connections: number;
  /** Frames lost: a connection fell `maxQueueSize` behind, or the bus dropped events for this adapter. */
  dropped: number;
}

export interface SSEConnectionOptions extends EventFilter {
  /** The `Last-Event-ID` the client sent: frames after that event are replayed first. */
  lastEventId?: string;
  /** Ends the connection's frames (pass the request's abort signal). */
  signal?: AbortSignal;
}

const optionsSchema = z.strictObject({
  bus: z
    .custom<EventBus>(
      (v) => typeof (v as EventBus | undefined)?.subscribe === 'function',
      'must be an EventBus',
    )
    .optional(),
  filter: eventFilterSchema,
  historySize: z.number().int().nonnegative().default(1000),
  heartbeatIntervalMs: z.number().int().nonnegative().default(15_000),
  retryMs: z.number().int().nonnegative().optional(),
  maxQueueSize: z.number().int().positive().default(1000),
  logger: z
    .custom<Pick<Console, 'warn'>>(
      (v) => typeof (v as Console | undefined)?.warn === 'function',
      'must have a warn method',
    )
    .optional(),
  clock: z
    .custom<Clock>((v) => typeof (v as Clock | undefined)?.now === 'function', 'must be a Clock')
    .optional(),
});
const connectionSchema = z
  .strictObject({
    ...eventFilterShape,
    lastEventId: z.string().optional(),
    signal: z.instanceof(AbortSignal).optional(),
  })
  .default({});
const eventSchema = z.instanceof(RuntimeEvent, { message: 'must be a RuntimeEvent' });

interface FramedEvent {
  readonly event: RuntimeEvent;
  readonly frame: string;
}

interface Connection {
  readonly filter: NormalizedEventFilter;
  readonly queue: BoundedQueue<string>;
}

/**
 * Turns runtime events into Server-Sent Events frames. Each `events()` call is one client connection: it
 * replays what the client missed (from `lastEventId`), then yields live frames of the events matching its job,
 * scope or types, with heartbeat comments in between. Frames carry the redacted event only.
 */
export class SSEEventAdapter implements EventAdapter {
  private readonly options: z.output<typeof optionsSchema>;
  private readonly clock: Clock;
  private readonly history = new Map<string, FramedEvent>();
  private readonly connections = new Set<Connection>();
  private subscription: EventSubscription | undefined;
  private readonly losses: ExportLosses;
  private connectionSeq = 0;

  constructor(options: SSEEventAdapterOptions = {}) {
    this.options = parseInput(optionsSchema, options, 'options');
    this.clock = this.options.clock ?? systemClock;
    const logger = this.options.logger ?? console;
    this.losses = new ExportLosses((message) => logger.warn(`SSE export: ${message}`));
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  get stats(): SSEExportStats {
    return { connections: this.connections.size, dropped: this.losses.count };
  }

  async start(): Promise<void> {
    const { bus, filter } = this.options;
    if (!bus || this.subscription) return;
    this.subscription = await bus.subscribe((event) => {
      this.losses.checkBus(this.subscription);
      return this.adapt(event);
    }, filter);
  }

  async adapt(event: RuntimeEvent): Promise<void> {
    if (!(event instanceof RuntimeEvent)) parseInput(eventSchema, event, 'event');
    if (!matchesFilter(event, this.options.filter)) return;
    const exported = redactForExport(event);
    const frame = formatSSEFrame({
      id: exported.eventId,
      event: exported.type,
      data: JSON.stringify(exported.toJSON()),
    });
    this.remember({ event: exported, frame });
    for (const connection of this.connections) {
      if (matchesFilter(exported, connection.filter)) connection.queue.push(frame);
    }
  }

  /**
   * The frames of one client connection. With `lastEventId`, the retained events after it are replayed first;
   * if the adapter no longer holds that event, it replays everything it holds (the client may see duplicates,
   * never a silent gap among retained events).
   */
  events(options?: SSEConnectionOptions): AsyncGenerator<string, void, undefined> {
    const { lastEventId, signal, ...filter } = parseInput(connectionSchema, options, 'options');
    const behind = `connection ${++this.connectionSeq} fell ${this.options.maxQueueSize} frames behind`;
    const connection: Connection = {
      filter,
      queue: new BoundedQueue<string>(this.options.maxQueueSize, OverflowPolicy.DROP_OLDEST, () =>
        this.losses.add(1, behind),
      ),
    };
    const replay = lastEventId === undefined ? [] : this.framesAfter(lastEventId, filter);
    this.connections.add(connection);
    const close = () => connection.queue.clear();
    if (signal?.aborted) close();
    signal?.addEventListener('abort', close, { once: true });
    return this.stream(connection, replay, () => {
      signal?.removeEventListener('abort', close);
      this.connections.delete(connection);
      this.losses.end(behind);
    });
  }

  /**
   * Detaches from the bus (taking the events it still held for this adapter) and ends every connection after
   * the frames queued for it: a connection still reads every frame of an event published before `stop()`.
   */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.unsubscribe();
    this.losses.checkBus(subscription);
    for (const connection of this.connections) connection.queue.end();
  }

  private async *stream(
    connection: Connection,
    replay: readonly string[],
    cleanup: () => void,
  ): AsyncGenerator<string, void, undefined> {
    try {
      if (this.options.retryMs !== undefined) yield `retry: ${this.options.retryMs}\n\n`;
      yield* replay;
      let pending = connection.queue.next();
      for (;;) {
        const next = await withHeartbeat(pending, this.options.heartbeatIntervalMs, this.clock);
        if (next === HEARTBEAT) {
          yield formatSSEComment('heartbeat');
          continue;
        }
        if (next.done) return;
        yield next.value;
        pending = connection.queue.next();
      }
    } finally {
      cleanup();
    }
  }

  private remember(framed: FramedEvent): void {
    const { historySize } = this.options;
    if (historySize === 0) return;
    this.history.delete(framed.event.eventId);
    this.history.set(framed.event.eventId, framed);
    if (this.history.size > historySize) {
      const oldest = this.history.keys().next().value as string;
      this.history.delete(oldest);
    }
  }

  private framesAfter(lastEventId: string, filter: NormalizedEventFilter): string[] {
    const retained = [...this.history.values()];
    const index = retained.findIndex((framed) => framed.event.eventId === lastEventId);
    return retained
      .slice(index + 1)
      .filter((framed) => matchesFilter(framed.event, filter))
      .map((framed) => framed.frame);
  }
}
