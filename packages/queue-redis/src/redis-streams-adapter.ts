import {
  type AnyRuntimeEvent,
  type EventBus,
  type EventSubscription,
  eventCategory,
  parseInput,
  type RuntimeEvent,
  type RuntimeEventType,
} from '@agent-runtime/core';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { readConsumerGroup } from './consumer-group-reader';
import {
  type ReadEventsOptions,
  type ReadRangeOptions,
  readEventsOptionsSchema,
  readRangeOptionsSchema,
} from './read-options';
import {
  type RedisStreamsAdapterOptions,
  redisStreamsAdapterOptions,
  type ValidRedisStreamsAdapterOptions,
} from './redis-streams-adapter-options';
import {
  type RedisStreamsConfig,
  type RedisStreamsConfigInput,
  redisStreamsConfig,
} from './redis-streams-config';
import { decodeEntry, encodeEntry } from './stream-entry';
import { StreamWriter } from './stream-writer';

const streamName = z.string().min(1);

export interface RedisStreamsExportStats {
  /** Events waiting to be appended. */
  buffered: number;
  delivered: number;
  /** Events lost: the bus queue or the buffer overflowed, Redis refused them, or `stop()` gave up on them. */
  dropped: number;
}

/**
 * Exports every event of an event bus to Redis Streams, one stream per category (`<prefix>:job`, `:tool`,
 * `:action`, `:progress`, `<prefix>:<defaultStream>` for the rest), trimmed to `maxLen`, with resume tokens
 * redacted; and reads them back, by range or as a consumer group. Bus events wait in a bounded queue and
 * are appended in batches (one MULTI/EXEC round trip each); `stop()` appends what is queued before it resolves.
 */
export class RedisStreamsAdapter {
  readonly config: RedisStreamsConfig;
  private subscription: EventSubscription | undefined;
  private stopping: Promise<void> | undefined;
  private readonly writer: StreamWriter;
  private readonly options: ValidRedisStreamsAdapterOptions;
  private readonly stopReaders = new AbortController();

  constructor(
    private readonly client: Redis,
    private readonly eventBus: EventBus,
    config: RedisStreamsConfigInput = {},
    options: RedisStreamsAdapterOptions = {},
  ) {
    this.config = redisStreamsConfig(config);
    this.options = redisStreamsAdapterOptions(options);
    this.writer = new StreamWriter({ ...this.options, append: (batch) => this.appendBatch(batch) });
  }

  get stats(): RedisStreamsExportStats {
    return {
      buffered: this.writer.buffered,
      delivered: this.writer.delivered,
      dropped: this.writer.losses.count,
    };
  }

  /** The stream an event of this type goes to. */
  streamFor(type: RuntimeEventType): string {
    return `${this.config.streamPrefix}:${eventCategory(type) ?? this.config.defaultStream}`;
  }

  /** Subscribes to the bus: from now on every published event is queued and appended to its stream. */
  async start(): Promise<void> {
    if (this.subscription || this.stopping) return;
    this.subscription = await this.eventBus.subscribe((event) => this.enqueue(event));
  }

  /** Resolves once every event taken from the bus so far is appended (or counted as dropped). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /**
   * Unsubscribes (taking the events the bus still held for it), appends everything queued (giving up on what
   * is left after `stopTimeoutMs`, counted in `stats.dropped`) and ends every `readEvents` iteration. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= this.finish();
    return this.stopping;
  }

  private async finish(): Promise<void> {
    await this.subscription?.unsubscribe();
    this.writer.losses.checkBus(this.subscription);
    await this.writer.flush(this.options.clock.now() + this.options.stopTimeoutMs);
    this.stopReaders.abort();
  }

  private enqueue(event: RuntimeEvent): void {
    this.writer.losses.checkBus(this.subscription);
    this.writer.push(event);
  }

  /** Appends one event (redacted) to its stream; resolves with the entry id. */
  async write(event: RuntimeEvent): Promise<string> {
    const id = await this.client.xadd(this.streamFor(event.type), ...this.trim(), '*', ...encodeEntry(event));
    return id!;
  }

  /** One MULTI/EXEC round trip: all of the batch or (the connection failed) none; returns what Redis refused. */
  private async appendBatch(batch: readonly RuntimeEvent[]): Promise<RuntimeEvent[]> {
    const multi = this.client.multi();
    for (const event of batch)
      multi.xadd(this.streamFor(event.type), ...this.trim(), '*', ...encodeEntry(event));
    const results = await multi.exec();
    if (!results) throw new Error('redis aborted the transaction');
    return batch.filter((_, i) => results[i]?.[0]);
  }

  /** Appends many events in one pipeline (one round trip); resolves with their entry ids, in order. */
  async writeBatch(events: Iterable<RuntimeEvent>): Promise<string[]> {
    const pipeline = this.client.pipeline();
    for (const event of events)
      pipeline.xadd(this.streamFor(event.type), ...this.trim(), '*', ...encodeEntry(event));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, id]) => {
      if (error) throw error;
      return id as string;
    });
  }

  /**
   * The stream's events as this adapter's consumer (group `consumerGroup`, created at the stream's start if
   * missing). An entry is processed once the loop asks for the next one; a read's processed entries are
   * acknowledged in one XACK with the next read (or when the loop ends). One whose processing did not finish
   * (and, after a crash, the rest of its read) is delivered again: to this consumer name on its next
   * `readEvents`, or to another consumer once idle `claimMinIdleMs`. Blocks up to `blockMs` per read on a connection of its own; ends on `signal` or `stop()`.
   */
  readEvents(stream: string, options: ReadEventsOptions = {}): AsyncIterable<AnyRuntimeEvent> {
    const key = parseInput(streamName, stream, 'stream');
    const { consumerName, count, claimMinIdleMs, signal } = parseInput(
      readEventsOptionsSchema,
      options,
      'options',
    );
    return readConsumerGroup({
      client: this.client,
      stream: key,
      group: this.config.consumerGroup,
      consumer: consumerName ?? this.config.consumerName,
      count,
      blockMs: this.config.blockMs,
      claimMinIdleMs,
      signal: signal ? AbortSignal.any([signal, this.stopReaders.signal]) : this.stopReaders.signal,
    });
  }

  /** The events between two entry ids (XRANGE), oldest first. */
  async readRange(stream: string, options: ReadRangeOptions = {}): Promise<AnyRuntimeEvent[]> {
    const key = parseInput(streamName, stream, 'stream');
    const { start, end, count } = parseInput(readRangeOptionsSchema, options, 'options');
    const entries =
      count === undefined
        ? await this.client.xrange(key, start, end)
        : await this.client.xrange(key, start, end, 'COUNT', count);
    return entries.map(([id, fields]) => decodeEntry(key, id, fields));
  }

  private trim(): (string | number)[] {
    return ['MAXLEN', this.config.approximateTrim ? '~' : '=', this.config.maxLen];
  }
}
