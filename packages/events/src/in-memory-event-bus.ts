import {
  type AnyRuntimeEvent,
  asAnyRuntimeEvent,
  type EventBus,
  type EventFilter,
  type EventHandler,
  type EventSubscription,
  functionSchema,
  matchesFilter,
  newId,
  parseInput,
  RuntimeEvent,
  redactForExport,
  type SubscribeOptions,
} from '@agent-runtime/core';
import { z } from 'zod';
import { BoundedQueue, OverflowPolicy } from './bounded-queue';
import { EventBusClosedError } from './event-bus-closed-error';
import { eventFilterSchema, type NormalizedEventFilter } from './event-filter-schema';
import { HandlerDelivery } from './handler-delivery';

export interface InMemoryEventBusOptions {
  /** Events each subscriber may have waiting before the overflow policy applies. @default 1000 */
  maxQueueSize?: number;
  /** What a full subscriber queue does with one more event. @default `drop_oldest` */
  overflow?: OverflowPolicy;
  /** Told about every event a handler threw on (or rejected with). Default: `console.error`. */
  onHandlerError?: (error: unknown, info: { subscriptionId: string; event: AnyRuntimeEvent }) => void;
  /** Told about every event discarded because a subscriber's queue was full. */
  onOverflow?: (info: { subscriptionId: string; event: AnyRuntimeEvent }) => void;
}

export interface StreamOptions extends SubscribeOptions {
  /** Ends the stream when aborted. */
  signal?: AbortSignal;
}

/** A subscription of the in-memory bus; `dropped` counts events its overflow policy discarded. */
export interface InMemoryEventSubscription extends EventSubscription {
  readonly dropped: number;
}

/** A live stream of events; `subscriptionId` names it in overflow and error reports. */
export interface EventStream extends AsyncIterable<AnyRuntimeEvent> {
  readonly subscriptionId: string;
}

const optionsSchema = z.strictObject({
  maxQueueSize: z.number().int().positive().default(1000),
  overflow: z
    .enum([OverflowPolicy.DROP_OLDEST, OverflowPolicy.DROP_NEWEST])
    .default(OverflowPolicy.DROP_OLDEST),
  onHandlerError: functionSchema<NonNullable<InMemoryEventBusOptions['onHandlerError']>>().optional(),
  onOverflow: functionSchema<NonNullable<InMemoryEventBusOptions['onOverflow']>>().optional(),
});
const handlerSchema = functionSchema<EventHandler>();
/** What every accepted publish returns: it resolves at once (handlers are fed from their queues). */
const PUBLISHED = Promise.resolve();
const eventSchema = z.instanceof(RuntimeEvent, { message: 'must be a RuntimeEvent' });
const subscribeOptionsSchema = z
  .strictObject({ includeSecrets: z.boolean().default(false) })
  .default({ includeSecrets: false });
const streamOptionsSchema = z
  .strictObject({ signal: z.instanceof(AbortSignal).optional(), includeSecrets: z.boolean().default(false) })
  .default({ signal: undefined, includeSecrets: false });

interface Subscriber {
  readonly filter: NormalizedEventFilter;
  readonly queue: BoundedQueue<AnyRuntimeEvent>;
  readonly includeSecrets: boolean;
}

/**
 * An in-process EventBus. Every subscriber has its own bounded FIFO queue and is fed in publish order,
 * independently of the others: `publish` only enqueues, so a slow, hung or throwing handler delays nothing but
 * itself. When a subscriber falls `maxQueueSize` events behind, the overflow policy discards events for that
 * subscriber only (and reports them to `onOverflow`). `unsubscribe()` delivers what the subscriber's queue
 * already holds before it resolves. Subscribers see resume tokens redacted unless they pass `includeSecrets`.
 */
export class InMemoryEventBus implements EventBus {
  private readonly subscribers = new Map<string, Subscriber>();
  /** Handler deliveries still running, including those of subscriptions ended by close(). */
  private readonly deliveries = new Set<HandlerDelivery>();
  private readonly options: z.output<typeof optionsSchema>;
  private closed = false;

  constructor(options: InMemoryEventBusOptions = {}) {
    this.options = parseInput(optionsSchema, options, 'options');
  }

  /** Number of live subscriptions and streams. */
  get subscriptionCount(): number {
    return this.subscribers.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Enqueues `event` for every matching subscriber; resolves without waiting for any handler. */
  publish(event: RuntimeEvent): Promise<void> {
    // not `async`: nothing here waits, and a publish (dozens a job) then costs no promise of its own
    try {
      this.enqueue(event);
      return PUBLISHED;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Feeds `handler` the matching events from now on, one at a time in publish order, with resume tokens
   * redacted unless `options.includeSecrets`. The subscription's `unsubscribe()` resolves once the handler has
   * been given every event queued for it; `dropped` counts those the overflow policy discarded.
   */
  async subscribe(
    handler: EventHandler,
    filter?: EventFilter,
    options?: SubscribeOptions,
  ): Promise<InMemoryEventSubscription> {
    parseInput(handlerSchema, handler, 'handler');
    const normalized = parseInput(eventFilterSchema, filter, 'filter');
    const { includeSecrets } = parseInput(subscribeOptionsSchema, options, 'options');
    if (this.closed) throw new EventBusClosedError({ operation: 'subscribe' });
    const id = newId('sub');
    const queue = this.newQueue(id);
    const delivery = new HandlerDelivery(
      queue,
      handler,
      (error, event) => this.reportHandlerError(error, { subscriptionId: id, event }),
      () => this.deliveries.delete(delivery),
    );
    this.deliveries.add(delivery);
    this.subscribers.set(id, { filter: normalized, queue, includeSecrets });
    return {
      id,
      get dropped() {
        return queue.dropped;
      },
      unsubscribe: () => this.unsubscribe(id, delivery),
    };
  }

  /**
   * The matching events as an async iterable, from this call on (events published before the first `next()`
   * are kept). It ends when the bus closes (after the events already queued), when `signal` aborts, or when the
   * consumer stops iterating (events still queued then are discarded: nobody reads them). Resume tokens are
   * redacted unless `includeSecrets`.
   */
  stream(filter?: EventFilter, options?: StreamOptions): EventStream {
    const normalized = parseInput(eventFilterSchema, filter, 'filter');
    const { signal, includeSecrets } = parseInput(streamOptionsSchema, options, 'options');
    if (this.closed) throw new EventBusClosedError({ operation: 'stream' });
    const id = newId('sub');
    const queue = this.newQueue(id);
    this.subscribers.set(id, { filter: normalized, queue, includeSecrets });
    const stop = () => this.remove(id);
    if (signal?.aborted) stop();
    signal?.addEventListener('abort', stop, { once: true });
    const iterator: AsyncIterableIterator<AnyRuntimeEvent> = {
      next: () => queue.next(),
      return: async () => {
        stop();
        signal?.removeEventListener('abort', stop);
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return { subscriptionId: id, [Symbol.asyncIterator]: () => iterator };
  }

  /** Resolves once every handler has finished the events published so far. */
  async drain(): Promise<void> {
    await Promise.all([...this.deliveries].map((delivery) => delivery.idle()));
  }

  /**
   * Stops accepting events and subscribers, and ends every stream and subscription once it has received the
   * events already published. Does not wait for handlers (a hung handler must not hang shutdown): call
   * `drain()` first for that.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const subscriber of this.subscribers.values()) subscriber.queue.end();
    this.subscribers.clear();
  }

  /** Puts `event` (validated) in every matching subscriber's queue; throws when it is not an event or the bus is closed. */
  private enqueue(event: RuntimeEvent): void {
    if (!(event instanceof RuntimeEvent)) parseInput(eventSchema, event, 'event');
    if (this.closed) throw new EventBusClosedError({ operation: 'publish' });
    const typed = asAnyRuntimeEvent(event);
    let redacted: AnyRuntimeEvent | undefined;
    for (const subscriber of this.subscribers.values()) {
      if (!matchesFilter(typed, subscriber.filter)) continue;
      if (subscriber.includeSecrets) {
        subscriber.queue.push(typed);
        continue;
      }
      redacted ??= redactForExport(typed);
      subscriber.queue.push(redacted);
    }
  }

  private newQueue(subscriptionId: string): BoundedQueue<AnyRuntimeEvent> {
    const { maxQueueSize, overflow, onOverflow } = this.options;
    return new BoundedQueue<AnyRuntimeEvent>(maxQueueSize, overflow, (event) =>
      onOverflow?.({ subscriptionId, event }),
    );
  }

  private reportHandlerError(error: unknown, info: { subscriptionId: string; event: AnyRuntimeEvent }): void {
    const report = this.options.onHandlerError;
    if (report) report(error, info);
    else
      console.error(
        `event handler of subscription ${info.subscriptionId} failed on ${info.event.type}`,
        error,
      );
  }

  /** Takes no more events for the subscription, then waits until its handler was given what was queued. */
  private async unsubscribe(id: string, delivery: HandlerDelivery): Promise<void> {
    this.subscribers.get(id)?.queue.end();
    this.subscribers.delete(id);
    await delivery.finished;
  }

  /** Ends a stream at once, discarding what is queued for it (its consumer stopped reading). */
  private remove(id: string): void {
    this.subscribers.get(id)?.queue.clear();
    this.subscribers.delete(id);
  }
}
