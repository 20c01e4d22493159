import {
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
  type RedisStreamsConfig,
  type RedisStreamsConfigInput,
  redisStreamsConfig,
} from './redis-streams-config';
import { decodeEntry, encodeEntry } from './stream-entry';

const streamName = z.string().min(1);

/**
 * Exports every event of an event bus to Redis Streams, one stream per category (`<prefix>:job`, `:tool`,
 * `:action`, `:progress`, `<prefix>:<defaultStream>` for the rest), trimmed to `maxLen`, with resume tokens
 * redacted; and reads them back, by range or as a consumer group.
 */
export class RedisStreamsAdapter {
  readonly config: RedisStreamsConfig;
  private subscription: EventSubscription | undefined;
  private readonly writing = new Set<Promise<unknown>>();
  private readonly stopReaders = new AbortController();

  constructor(
    private readonly client: Redis,
    private readonly eventBus: EventBus,
    config: RedisStreamsConfigInput = {},
  ) {
    this.config = redisStreamsConfig(config);
  }

  /** The stream an event of this type goes to. */
  streamFor(type: RuntimeEventType): string {
    return `${this.config.streamPrefix}:${eventCategory(type) ?? this.config.defaultStream}`;
  }

  /** Subscribes to the bus: from now on every published event is appended to its stream. */
  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = await this.eventBus.subscribe((event) => this.track(this.write(event)));
  }

  /** Unsubscribes, waits for appends in flight and ends every `readEvents` iteration. Idempotent. */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.unsubscribe();
    await Promise.allSettled([...this.writing]);
    this.stopReaders.abort();
  }

  /** Appends one event (redacted) to its stream; resolves with the entry id. */
  async write(event: RuntimeEvent): Promise<string> {
    const id = await this.client.xadd(this.streamFor(event.type), ...this.trim(), '*', ...encodeEntry(event));
    return id!;
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
   * missing). Each entry is acknowledged when the loop asks for the next one, so one whose processing did not
   * finish is delivered again: to this consumer name on its next `readEvents`, or to another consumer once idle
   * `claimMinIdleMs`. Blocks up to `blockMs` per read on a connection of its own; ends on `signal` or `stop()`.
   */
  readEvents(stream: string, options: ReadEventsOptions = {}): AsyncIterable<RuntimeEvent> {
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
  async readRange(stream: string, options: ReadRangeOptions = {}): Promise<RuntimeEvent[]> {
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

  private async track(write: Promise<unknown>): Promise<void> {
    this.writing.add(write);
    try {
      await write;
    } finally {
      this.writing.delete(write);
    }
  }
}
