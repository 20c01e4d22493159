import {
  type Clock,
  type EventBus,
  type EventFilter,
  type EventSubscription,
  ExportLosses,
  functionSchema,
  matchesFilter,
  parseInput,
  RuntimeEvent,
  redactForExport,
  systemClock,
} from '@agent-runtime/core';
import { z } from 'zod';
import type { EventAdapter } from './event-adapter';
import { eventFilterSchema } from './event-filter-schema';
import { WebhookDeliveryError } from './webhook-delivery-error';
import {
  backoffDelayMs,
  isRetryableStatus,
  parseRetryAfterMs,
  type ResolvedRetryOptions,
  type WebhookRetryOptions,
} from './webhook-retry';
import { isWebhookSecret, signWebhook } from './webhook-signature';

export interface WebhookEventAdapterOptions {
  webhookUrl: string;
  /** Sent with every request (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** A Standard Webhooks secret (`whsec_` + base64); when set, every request carries `webhook-signature`. */
  secret?: string;
  retry?: WebhookRetryOptions;
  /** Per attempt. @default 10 000 */
  timeoutMs?: number;
  /** Events waiting for delivery; when full, `adapt` waits for room (backpressure). @default 1000 */
  maxQueueSize?: number;
  /** `start()` subscribes the adapter to this bus; without one, feed it with `adapt(event)`. */
  bus?: EventBus;
  filter?: EventFilter;
  /** Told about every event given up on. Default: `console.error`. */
  onDeliveryFailed?: (error: WebhookDeliveryError, event: RuntimeEvent) => void;
  /** Told once per outage about events the bus dropped for this adapter (its queue was full). @default console */
  logger?: Pick<Console, 'warn'>;
  clock?: Clock;
  /** Jitter source in [0, 1). @default `Math.random` */
  random?: () => number;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

const fn = <T>(what: string) => functionSchema<T>(`must be ${what}`);
const optionsSchema = z.strictObject({
  webhookUrl: z.url({ protocol: /^https?$/ }),
  headers: z.record(z.string(), z.string()).default({}),
  secret: z
    .string()
    .refine(isWebhookSecret, 'must be a Standard Webhooks secret (whsec_ + base64)')
    .optional(),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().positive().default(5),
      initialDelayMs: z.number().int().nonnegative().default(500),
      maxDelayMs: z.number().int().nonnegative().default(30_000),
      maxRetryAfterMs: z.number().int().nonnegative().default(300_000),
    })
    .default({ maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 300_000 }),
  timeoutMs: z.number().int().positive().default(10_000),
  maxQueueSize: z.number().int().positive().default(1000),
  bus: z
    .custom<EventBus>(
      (v) => typeof (v as EventBus | undefined)?.subscribe === 'function',
      'must be an EventBus',
    )
    .optional(),
  filter: eventFilterSchema,
  onDeliveryFailed: fn<NonNullable<WebhookEventAdapterOptions['onDeliveryFailed']>>('a function').optional(),
  logger: z
    .custom<Pick<Console, 'warn'>>(
      (v) => typeof (v as Console | undefined)?.warn === 'function',
      'must have a warn method',
    )
    .optional(),
  clock: z
    .custom<Clock>((v) => typeof (v as Clock | undefined)?.now === 'function', 'must be a Clock')
    .optional(),
  random: fn<() => number>('a function').optional(),
  fetch: fn<typeof fetch>('a fetch function').optional(),
});
const eventSchema = z.instanceof(RuntimeEvent, { message: 'must be a RuntimeEvent' });

export interface WebhookExportStats {
  /** Events accepted and not yet delivered or given up on (the one in flight included). */
  pending: number;
  delivered: number;
  /** Events lost: given up on after the retries, or dropped by the bus because the adapter fell behind. */
  dropped: number;
}

interface Outgoing {
  readonly event: RuntimeEvent;
  readonly body: string;
}

type AttemptOutcome =
  | { delivered: true }
  | { delivered: false; retryable: boolean; retryAfterMs?: number; status?: number; cause?: unknown };

/**
 * Delivers runtime events to an HTTP endpoint as JSON POSTs, one at a time in order, signed per Standard
 * Webhooks. Network errors, timeouts, 5xx and 429 are retried with exponential backoff and jitter (a 429's or
 * 503's `Retry-After` is honoured); other 4xx are not. The body is the redacted event only.
 */
export class WebhookEventAdapter implements EventAdapter {
  private readonly options: z.output<typeof optionsSchema>;
  private readonly clock: Clock;
  private readonly queue: Outgoing[] = [];
  private roomWaiters: (() => void)[] = [];
  private worker: Promise<void> | undefined;
  private subscription: EventSubscription | undefined;
  private delivered = 0;
  private readonly losses: ExportLosses;

  constructor(options: WebhookEventAdapterOptions) {
    this.options = parseInput(optionsSchema, options, 'options');
    this.clock = this.options.clock ?? systemClock;
    const logger = this.options.logger ?? console;
    this.losses = new ExportLosses((message) => logger.warn(`webhook export: ${message}`));
  }

  /** Events accepted and not yet delivered or given up on (the one in flight included). */
  get pending(): number {
    return this.queue.length + (this.worker ? 1 : 0);
  }

  get stats(): WebhookExportStats {
    return { pending: this.pending, delivered: this.delivered, dropped: this.losses.count };
  }

  async start(): Promise<void> {
    const { bus, filter } = this.options;
    if (!bus || this.subscription) return;
    this.subscription = await bus.subscribe((event) => {
      this.losses.checkBus(this.subscription);
      return this.adapt(event);
    }, filter);
  }

  /** Queues `event` for delivery; resolves once queued (waiting for room while the queue is full). */
  async adapt(event: RuntimeEvent): Promise<void> {
    if (!(event instanceof RuntimeEvent)) parseInput(eventSchema, event, 'event');
    if (!matchesFilter(event, this.options.filter)) return;
    const exported = redactForExport(event);
    const outgoing = { event: exported, body: JSON.stringify(exported.toJSON()) };
    while (this.queue.length >= this.options.maxQueueSize) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    this.queue.push(outgoing);
    this.worker ??= this.work();
  }

  /**
   * Detaches from the bus (taking the events it still held for this adapter) and resolves once every queued
   * event was delivered or given up on.
   */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.unsubscribe();
    this.losses.checkBus(subscription);
    while (this.worker) await this.worker;
  }

  private async work(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      this.releaseRoom();
      await this.deliver(next);
    }
    this.worker = undefined;
  }

  private releaseRoom(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async deliver(outgoing: Outgoing): Promise<void> {
    const { retry } = this.options;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(outgoing);
      if (outcome.delivered) {
        this.delivered++;
        return;
      }
      if (!outcome.retryable || attempt >= retry.maxAttempts) {
        const { status, cause } = outcome;
        return this.reportFailure(
          new WebhookDeliveryError({ eventId: outgoing.event.eventId, attempts: attempt, status, cause }),
          outgoing.event,
        );
      }
      await this.clock.sleep(this.retryDelayMs(attempt, retry, outcome.retryAfterMs));
    }
  }

  private retryDelayMs(failedAttempt: number, retry: ResolvedRetryOptions, retryAfterMs?: number): number {
    const backoff = backoffDelayMs(failedAttempt, retry, this.options.random ?? Math.random);
    return retryAfterMs === undefined
      ? backoff
      : Math.min(retry.maxRetryAfterMs, Math.max(backoff, retryAfterMs));
  }

  private async attempt({ event, body }: Outgoing): Promise<AttemptOutcome> {
    const send = this.options.fetch ?? fetch;
    try {
      const response = await send(this.options.webhookUrl, {
        method: 'POST',
        headers: this.requestHeaders(event.eventId, body),
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return { delivered: true };
      return {
        delivered: false,
        retryable: isRetryableStatus(response.status),
        retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after'), this.clock.now()),
        status: response.status,
      };
    } catch (cause) {
      return { delivered: false, retryable: true, cause };
    }
  }

  /** Standard Webhooks headers: the id is the event's (stable across retries), the timestamp the attempt's. */
  private requestHeaders(id: string, body: string): Record<string, string> {
    const timestampSeconds = Math.floor(this.clock.now() / 1000);
    const { secret, headers } = this.options;
    return {
      ...headers,
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestampSeconds),
      ...(secret === undefined
        ? {}
        : { 'webhook-signature': signWebhook({ secret, id, timestampSeconds, body }) }),
    };
  }

  private reportFailure(error: WebhookDeliveryError, event: RuntimeEvent): void {
    this.losses.add(1);
    const report = this.options.onDeliveryFailed;
    if (report) report(error, event);
    else console.error(error.message);
  }
}
