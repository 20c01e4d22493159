import type { KafkaConfig } from './kafka-config';
import { installSmallBatchGzip } from './small-batch-gzip';
import type { OutgoingMessage } from './to-kafka-message';

/** The part of a KafkaJS producer the adapter uses (Confluent's KafkaJS-compatible client has it too). */
export interface KafkaProducerLike {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  sendBatch(batch: {
    acks?: number;
    compression?: number;
    topicMessages: {
      topic: string;
      messages: { key: string | null; value: string; headers: Record<string, string> }[];
    }[];
  }): Promise<unknown>;
}

const COMPRESSION = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

export function acksOf(config: KafkaConfig): number {
  return config.acks === 'all' ? -1 : config.acks;
}

export function compressionOf(config: KafkaConfig): number {
  return COMPRESSION[config.compressionType];
}

/** Groups messages by topic, keeping their order within each topic (and so within each key). */
export function topicMessagesOf(batch: readonly OutgoingMessage[]) {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const message of batch) {
    const list = byTopic.get(message.topic) ?? [];
    list.push(message);
    byTopic.set(message.topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({
    topic,
    messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
  }));
}

/**
 * A KafkaJS producer for the config, loaded lazily so installing this package without kafkajs (when you bring
 * your own producer) works. Retries are the adapter's (it keeps the buffer), so KafkaJS retries little. The
 * adapter has at most `maxInFlightRequests` batches in flight, never two with the same key, so a key's events
 * stay in order across retries; delivery is at-least-once (a batch whose acknowledgement was lost is sent again).
 * Its gzip compresses small batches synchronously (`installSmallBatchGzip`).
 */
export async function createKafkaJsProducer(config: KafkaConfig): Promise<KafkaProducerLike> {
  // Node's ESM view of the CommonJS kafkajs names only some of its exports (not CompressionCodecs); `default`
  // is its whole module.exports.
  const { Kafka, logLevel, Partitioners, CompressionCodecs, CompressionTypes } = (await import('kafkajs'))
    .default;
  installSmallBatchGzip(CompressionCodecs, CompressionTypes.GZIP);
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: config.bootstrapServers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: config.retryBackoffMs },
  });
  return kafka.producer({
    maxInFlightRequests: config.maxInFlightRequests,
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
