import type { SignalChannel, SignalMessage } from '@agent-runtime/actions';
import { CancelledError, type Clock, parseInput, systemClock, ValidationError } from '@agent-runtime/core';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { execTransaction } from './exec-transaction';
import { signalMessageSchema } from './signal-message-schema';

const optionsSchema = z.strictObject({
  /** Every key and channel this channel uses starts with `<keyPrefix>:`. */
  keyPrefix: z.string().min(1).default('agent-runtime'),
  /** How long a sent signal stays readable for a `wait` that starts after it was sent. */
  ttlSeconds: z.number().int().positive().default(300),
  clock: z.custom<Clock>((value) => typeof (value as Clock | undefined)?.sleep === 'function').optional(),
});

export type RedisSignalChannelOptions = z.input<typeof optionsSchema>;

const waitOptionsSchema = z.strictObject({
  timeoutMs: z.number().int().nonnegative().optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

type Deliver = (message: SignalMessage | null) => void;

/**
 * A SignalChannel over Redis, so a waiter in one process wakes when an action is resolved in another.
 * `signal` stores the message under `<keyPrefix>:signal:<actionId>` for `ttlSeconds` and publishes it on
 * `<keyPrefix>:signals`, in one MULTI. Each process subscribes once, on a duplicated connection. Pub/sub is
 * at-most-once, so `wait` registers its waiter, then reads the stored message: a signal sent before that
 * read is found there, one sent after it arrives by pub/sub. None is lost.
 */
export class RedisSignalChannel implements SignalChannel {
  private readonly keyPrefix: string;
  private readonly ttlSeconds: number;
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
    this.clock = parsed.clock ?? systemClock;
  }

  /** Subscribes (idempotent; `wait` starts the channel itself when needed). */
  start(): Promise<void> {
    this.starting ??= this.subscribe();
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
   * `timeoutMs` or when the channel stops. Rejects with CancelledError when `signal` aborts.
   */
  async wait(
    actionId: string,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<SignalMessage | null> {
    const id = parseInput(z.string().min(1), actionId, 'actionId');
    const { timeoutMs, signal } = parseInput(waitOptionsSchema, options, 'options');
    if (signal?.aborted) throw new CancelledError({ reason: 'wait aborted' });
    await this.start();
    const stopWaiting = new AbortController();
    const arrival = new Promise<SignalMessage | null>((resolve) =>
      this.addWaiter(id, resolve, stopWaiting.signal),
    );
    try {
      const stored = await this.client.get(this.signalKey(id));
      if (stored !== null) return parseInput(signalMessageSchema, JSON.parse(stored), 'stored signal');
      return await Promise.race([
        arrival,
        this.timeout(timeoutMs, stopWaiting.signal),
        rejectOnAbort(signal, stopWaiting.signal),
      ]);
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
    await execTransaction(
      this.client
        .multi()
        .set(this.signalKey(id), json, 'EX', this.ttlSeconds)
        .publish(this.channelName(), json),
    );
  }

  private async subscribe(): Promise<void> {
    const subscriber = this.client.duplicate();
    subscriber.on('message', (_channel: string, payload: string) => this.dispatch(payload));
    this.subscriber = subscriber;
    await subscriber.subscribe(this.channelName());
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

  private async timeout(timeoutMs: number | undefined, done: AbortSignal): Promise<null> {
    if (timeoutMs === undefined) return new Promise<never>(() => {});
    await this.clock.sleep(timeoutMs, done).catch(() => undefined);
    return null;
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
    signal.addEventListener('abort', onAbort, { once: true });
    done.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), { once: true });
  });
}
