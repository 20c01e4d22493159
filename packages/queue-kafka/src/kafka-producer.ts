import type { KafkaConfig } from './kafka-config';
import { type KafkaJsPartitioner, KnownPartitions } from './known-partitions';
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
  /**
   * The partition a keyed message of `topic` will be sent to, when the producer knows (undefined otherwise).
   * With it the adapter fills each partition's batch up to `batchSize`; without it a send carries `batchSize`.
   */
  partitionOf?(topic: string, key: string | null): number | undefined;
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
 * Its gzip compresses small batches synchronously (`installSmallBatchGzip`), and it tells the adapter each keyed
 * message's partition (`KnownPartitions`) once it has sent to the message's topic.
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
  const partitions = new KnownPartitions(Partitioners.DefaultPartitioner() as KafkaJsPartitioner);
  const producer = kafka.producer({
    maxInFlightRequests: config.maxInFlightRequests,
    allowAutoTopicCreation: true,
    createPartitioner: () => partitions.record,
  });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    sendBatch: (batch) => producer.sendBatch(batch),
    partitionOf: (topic, key) => partitions.partitionOf(topic, key),
  };
}
