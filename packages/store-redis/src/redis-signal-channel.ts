import { type SignalChannel, type SignalMessage, signalMessageSchema } from '@agent-runtime/actions';
import {
  CancelledError,
  type Clock,
  clockSchema,
  MAX_TIMER_MS,
  parseInput,
  systemClock,
  ValidationError,
} from '@agent-runtime/core';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { execTransaction } from './exec-transaction';
import { typedRedisErrors } from './redis-connection-failures';

const optionsSchema = z.strictObject({
  /** Every key and channel this channel uses starts with `<keyPrefix>:`. */
  keyPrefix: z.string().min(1).default('agent-runtime'),
  /** How long a sent signal stays readable for a `wait` that starts after it was sent. */
  ttlSeconds: z.number().int().positive().default(300),
  /**
   * Every wait re-reads its stored signal at least this often, so a pub/sub message lost to a broken
   * connection wakes it at the latest one interval after it was stored (a timer past MAX_TIMER_MS would fire
   * at once). @default 5000
   */
  recheckIntervalMs: z.number().int().positive().max(MAX_TIMER_MS).default(5000),
  clock: clockSchema.optional(),
});

export type RedisSignalChannelOptions = z.input<typeof optionsSchema>;

const waitOptionsSchema = z.strictObject({
  timeoutMs: z.number().int().nonnegative().optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

type Deliver = (message: SignalMessage | null) => void;

/** What a backstop tick resolves with: time to re-read the stored signal. */
const RECHECK: unique symbol = Symbol('recheck');

/**
 * A SignalChannel over Redis, so a waiter in one process wakes when an action is resolved in another.
 * `signal` stores the message under `<keyPrefix>:signal:<actionId>` for `ttlSeconds` and publishes it on
 * `<keyPrefix>:signals`, in one MULTI. Each process subscribes once, on a duplicated connection. Pub/sub is
 * at-most-once, so `wait` registers its waiter, then reads the stored message: a signal sent before that
 * read is found there, one sent after it arrives by pub/sub. None is lost. Pub/sub messages published while
 * the subscriber reconnects are lost, so after each reconnect the channel resubscribes and re-reads the stored
 * signal of every active wait; and every wait re-reads its own every `recheckIntervalMs` as a backstop.
 * A Redis connection failure is a RedisConnectionError.
 */
export class RedisSignalChannel implements SignalChannel {
  private readonly keyPrefix: string;
  private readonly ttlSeconds: number;
  private readonly recheckIntervalMs: number;
  private readonly clock: Clock;
  private readonly waiters = new Map<string, Set<Deliver>>();
  private subscriber: Redis | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly client: Redis,
    options: RedisSignalChannelOptions = {},
  ) {
    const parsed = parseInput(optionsSchema, options, 'options');
    this.keyPrefix = parsed.keyPrefix;
    this.ttlSeconds = parsed.ttlSeconds;
    this.recheckIntervalMs = parsed.recheckIntervalMs;
    this.clock = parsed.clock ?? systemClock;
  }

  /** Subscribes (idempotent; `wait` starts the channel itself when needed). */
  start(): Promise<void> {
    this.starting ??= this.subscribe().catch((error: unknown) => {
      this.subscriber?.disconnect();
      this.subscriber = undefined;
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** Unsubscribes and closes the subscriber connection; waits in progress resolve with null. */
  async stop(): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    await starting?.catch(() => undefined);
    this.subscriber?.disconnect();
    this.subscriber = undefined;
    for (const deliveries of this.waiters.values()) for (const deliver of deliveries) deliver(null);
    this.waiters.clear();
  }

  /**
   * The action's signal: immediately if one was sent within `ttlSeconds`, else the next one sent; null after
   * `timeoutMs` or when the channel stops. Rejects with CancelledError when `signal` aborts. Re-reads the
   * stored signal every `recheckIntervalMs` (a failed re-read is retried at the next one).
   */
  async wait(
    actionId: string,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<SignalMessage | null> {
    const id = parseInput(z.string().min(1), actionId, 'actionId');
    const { timeoutMs, signal } = parseInput(waitOptionsSchema, options, 'options');
    if (signal?.aborted) throw new CancelledError({ reason: 'wait aborted' });
    await this.start();
    const deadline = timeoutMs === undefined ? undefined : this.clock.now() + timeoutMs;
    const stopWaiting = new AbortController();
    const arrival = new Promise<SignalMessage | null>((resolve) =>
      this.addWaiter(id, resolve, stopWaiting.signal),
    );
    const aborted = rejectOnAbort(signal, stopWaiting.signal);
    aborted.catch(() => {}); // raced below; an abort during the first read must not go unhandled
    try {
      const stored = await this.readStored(id);
      if (stored) return stored;
      for (;;) {
        const remaining = deadline === undefined ? this.recheckIntervalMs : deadline - this.clock.now();
        if (remaining <= 0) return null;
        const woken = await this.nextWakeUp(arrival, aborted, Math.min(remaining, this.recheckIntervalMs));
        if (woken !== RECHECK) return woken;
        const found = await this.readStored(id).catch(() => null);
        if (found) return found;
      }
    } finally {
      stopWaiting.abort();
    }
  }

  /** Sends `message` to every waiter of `actionId`, in every process, and keeps it for `ttlSeconds`. */
  async signal(actionId: string, message: SignalMessage): Promise<void> {
    const id = parseInput(z.string().min(1), actionId, 'actionId');
    const parsed = parseInput(signalMessageSchema, message, 'message');
    if (parsed.actionId !== id) {
      throw new ValidationError({ field: 'message.actionId', message: `message.actionId must be ${id}` });
    }
    const json = JSON.stringify(parsed);
    await typedRedisErrors(() =>
      execTransaction(
        this.client
          .multi()
          .set(this.signalKey(id), json, 'EX', this.ttlSeconds)
          .publish(this.channelName(), json),
      ),
    );
  }

  private async subscribe(): Promise<void> {
    const subscriber = this.client.duplicate();
    subscriber.on('message', (_channel: string, payload: string) => this.dispatch(payload));
    // A broken connection is reconnected by ioredis; the waits meanwhile rely on the re-reads below.
    subscriber.on('error', () => {});
    this.subscriber = subscriber;
    await typedRedisErrors(() => subscriber.subscribe(this.channelName()));
    subscriber.on('ready', () => void this.recheckAfterReconnect(subscriber));
  }

  /**
   * Messages published while the subscriber was away are lost: once the subscription is live again (our
   * SUBSCRIBE is answered after ioredis's own resubscribe), every active wait's stored signal is re-read.
   */
  private async recheckAfterReconnect(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(this.channelName());
      const ids = [...this.waiters.keys()];
      if (ids.length === 0) return;
      const stored = await this.client.mget(ids.map((id) => this.signalKey(id)));
      for (const payload of stored) if (payload !== null) this.dispatch(payload);
    } catch {
      // Redis went away again: the next reconnect, or each wait's periodic re-read, tries again
    }
  }

  private async readStored(actionId: string): Promise<SignalMessage | null> {
    const stored = await typedRedisErrors(() => this.client.get(this.signalKey(actionId)));
    return stored === null ? null : parseInput(signalMessageSchema, JSON.parse(stored), 'stored signal');
  }

  /** The message (or null on stop) if it arrives within `ms`, else RECHECK; rejects when the wait aborts. */
  private async nextWakeUp(
    arrival: Promise<SignalMessage | null>,
    aborted: Promise<never>,
    ms: number,
  ): Promise<SignalMessage | null | typeof RECHECK> {
    const tick = new AbortController();
    const recheck = (): typeof RECHECK => RECHECK;
    const elapsed = this.clock.sleep(ms, tick.signal).then(recheck, recheck);
    try {
      return await Promise.race([arrival, aborted, elapsed]);
    } finally {
      tick.abort();
    }
  }

  private dispatch(payload: string): void {
    let message: SignalMessage;
    try {
      message = signalMessageSchema.parse(JSON.parse(payload));
    } catch {
      return; // not ours: some other publisher on the channel
    }
    for (const deliver of this.waiters.get(message.actionId) ?? []) deliver(message);
  }

  private addWaiter(actionId: string, deliver: Deliver, done: AbortSignal): void {
    const deliveries = this.waiters.get(actionId) ?? new Set<Deliver>();
    this.waiters.set(actionId, deliveries.add(deliver));
    done.addEventListener('abort', () => {
      deliveries.delete(deliver);
      if (deliveries.size === 0 && this.waiters.get(actionId) === deliveries) this.waiters.delete(actionId);
    });
  }

  private signalKey(actionId: string): string {
    return `${this.keyPrefix}:signal:${actionId}`;
  }

  private channelName(): string {
    return `${this.keyPrefix}:signals`;
  }
}

/** Rejects with CancelledError when `signal` aborts; forgets the listener once `done` aborts. */
function rejectOnAbort(signal: AbortSignal | undefined, done: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (!signal) return;
    const onAbort = () => reject(new CancelledError({ reason: 'wait aborted' }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    done.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), { once: true });
  });
}
