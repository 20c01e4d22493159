import {
  type Clock,
  type EventBus,
  type EventFilter,
  type EventSubscription,
  ExportLosses,
  type RuntimeEvent,
  systemClock,
} from '@agent-runtime/core';
import { type KafkaConfig, type KafkaConfigInput, kafkaConfig } from './kafka-config';
import {
  acksOf,
  compressionOf,
  createKafkaJsProducer,
  type KafkaProducerLike,
  topicMessagesOf,
} from './kafka-producer';
import { MessageBuffer, UNKNOWN_PARTITION } from './message-buffer';
import { type OutgoingMessage, toKafkaMessage } from './to-kafka-message';

export interface KafkaEventAdapterOptions {
  /** An already-built KafkaJS-compatible producer (e.g. Confluent's client); default: a KafkaJS producer. */
  producer?: KafkaProducerLike;
  /** Which events to export; default all. */
  filter?: EventFilter;
  clock?: Clock;
  /** Where the one warning per outage goes; default `console`. */
  logger?: Pick<Console, 'warn'>;
}

export interface KafkaExportStats {
  buffered: number;
  delivered: number;
  /** Events lost: the bus queue or the buffer overflowed, or `stop()` gave up on them at `stopTimeoutMs`. */
  dropped: number;
  failedSends: number;
}

/**
 * Exports runtime events to Kafka: one topic per category, the partition field as message key, batches cut by
 * size (`batchSize` bytes) or time (`lingerMs`). A broker that is down at start or goes away mid-run costs no
 * crash: events wait in a bounded buffer (oldest dropped past `maxBufferedEvents`) and are sent, in order, once
 * it is back. Each failed send is reported to `onError` listeners; the log gets one line per outage. `stop()`
 * first takes every event the bus had queued for it, then sends everything buffered.
 */
export class KafkaEventAdapter {
  readonly config: KafkaConfig;
  private readonly clock: Clock;
  private readonly logger: Pick<Console, 'warn'>;
  private readonly buffer: MessageBuffer;
  private readonly errorListeners = new Set<(error: unknown) => void>();
  private producer: KafkaProducerLike | undefined;
  private connecting: Promise<KafkaProducerLike> | undefined;
  /** A connect was attempted since the last disconnect, so `stop()` disconnects. */
  private opened = false;
  private subscription: EventSubscription | undefined;
  private readonly workers = new Map<number, Promise<void>>();
  private readonly lingers = new Map<number, AbortController>();
  private readonly failingLanes = new Set<number>();
  private stopping: Promise<void> | undefined;
  private stopDeadline: number | undefined;
  private readonly losses: ExportLosses;
  private delivered = 0;
  private failedSends = 0;

  constructor(
    private readonly eventBus: EventBus,
    config: KafkaConfigInput = {},
    private readonly options: KafkaEventAdapterOptions = {},
  ) {
    this.config = kafkaConfig(config);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? console;
    this.buffer = new MessageBuffer(this.config.maxBufferedEvents, this.config.maxInFlightRequests);
    this.producer = options.producer;
    this.losses = new ExportLosses((message) => this.logger.warn(`kafka export: ${message}`));
  }

  /** Subscribes to the bus. Never throws for an unreachable broker: delivery starts once it answers. */
  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.eventBus.subscribe((event) => this.enqueue(event), this.options.filter);
  }

  /**
   * Unsubscribes (taking the events the bus still held for it), delivers everything buffered (giving up on
   * what is left after `stopTimeoutMs`: counted in `stats.dropped`), then disconnects. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= this.finish();
    return this.stopping;
  }

  private async finish(): Promise<void> {
    await this.subscription?.unsubscribe();
    this.losses.checkBus(this.subscription);
    this.stopDeadline = this.clock.now() + this.config.stopTimeoutMs;
    for (let lane = 0; lane < this.buffer.lanes; lane++) this.kick(lane, true);
    while (this.workers.size) await Promise.all(this.workers.values());
    if (this.buffer.size) {
      this.logger.warn(`kafka export stopped with ${this.buffer.size} undelivered events`);
      this.losses.add(this.buffer.clear());
    }
    await this.connecting?.catch(() => undefined);
    this.connecting = undefined;
    if (this.opened) await this.producer?.disconnect();
    this.opened = false;
  }

  /** Listens to every failed send (the buffer keeps the events). Returns an unsubscribe function. */
  onError(listener: (error: unknown) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  get stats(): KafkaExportStats {
    return {
      buffered: this.buffer.size,
      delivered: this.delivered,
      dropped: this.buffer.dropped + this.losses.count,
      failedSends: this.failedSends,
    };
  }

  private enqueue(event: RuntimeEvent): void {
    if (this.stopDeadline !== undefined) return;
    this.losses.checkBus(this.subscription);
    const message = toKafkaMessage(event, this.config);
    const batch = this.batchOf(message);
    const lane = this.buffer.push(message, batch);
    this.kick(lane, this.buffer.batchBytes(lane, batch) >= this.config.batchSize);
  }

  /**
   * The batch the message counts in: its partition, when the producer can tell (`batchSize` is then per
   * partition, as Kafka's `batch.size`, so one send carries a full batch for each partition); else the one
   * batch of every message whose partition is unknown.
   */
  private batchOf(message: OutgoingMessage): string {
    const partition = this.producer?.partitionOf?.(message.topic, message.key);
    return partition === undefined ? UNKNOWN_PARTITION : `${message.topic}:${partition}`;
  }

  /** Starts the lane's one sender (one per lane keeps its keys in order), or cuts its linger short when full. */
  private kick(lane: number, now: boolean): void {
    if (this.workers.has(lane)) {
      if (now) this.lingers.get(lane)?.abort();
      return;
    }
    const worker = this.drain(lane, now).finally(() => {
      this.workers.delete(lane);
      if (this.buffer.laneSize(lane) && this.stopDeadline === undefined) this.kick(lane, false);
    });
    this.workers.set(lane, worker);
  }

  private async drain(lane: number, now: boolean): Promise<void> {
    if (!now) await this.waitForLinger(lane);
    let backoff = this.config.retryBackoffMs;
    while (this.buffer.laneSize(lane) && !this.pastStopDeadline()) {
      const batch = this.buffer.peek(this.config.batchSize, lane);
      try {
        await this.send(batch);
        this.buffer.remove(batch, lane);
        this.delivered += batch.length;
        backoff = this.config.retryBackoffMs;
        this.recovered(lane);
      } catch (error) {
        this.failed(lane, error);
        await this.clock.sleep(backoff);
        backoff = Math.min(backoff * 2, this.config.maxRetryBackoffMs);
      }
    }
  }

  private async waitForLinger(lane: number): Promise<void> {
    const linger = new AbortController();
    this.lingers.set(lane, linger);
    await this.clock.sleep(this.config.lingerMs, linger.signal).catch(() => {});
    this.lingers.delete(lane);
  }

  private async send(batch: ReturnType<MessageBuffer['peek']>): Promise<void> {
    const producer = await this.connectedProducer();
    await producer.sendBatch({
      acks: acksOf(this.config),
      compression: compressionOf(this.config),
      topicMessages: topicMessagesOf(batch),
    });
  }

  /** The producer, created and connected once however many lanes ask at the same time. */
  private connectedProducer(): Promise<KafkaProducerLike> {
    if (this.connecting) return this.connecting;
    const attempt = (async () => {
      this.producer ??= await createKafkaJsProducer(this.config);
      this.opened = true;
      await this.producer.connect();
      return this.producer;
    })();
    attempt.catch(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
    this.connecting = attempt;
    return attempt;
  }

  private failed(lane: number, error: unknown): void {
    this.failedSends++;
    this.connecting = undefined;
    if (this.failingLanes.size === 0) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`kafka export failing, buffering events until the broker answers: ${reason}`);
    }
    this.failingLanes.add(lane);
    for (const listener of this.errorListeners) listener(error);
  }

  /** The outage ends (one log line) when every lane that failed has delivered again. */
  private recovered(lane: number): void {
    if (!this.failingLanes.delete(lane) || this.failingLanes.size > 0) return;
    this.logger.warn(`kafka export recovered (${this.buffer.dropped} events dropped while down)`);
  }

  private pastStopDeadline(): boolean {
    return this.stopDeadline !== undefined && this.clock.now() >= this.stopDeadline;
  }
}
