/** KafkaJS's partitioner signature (`createPartitioner()` returns one). */
export type KafkaJsPartitioner = (args: {
  topic: string;
  partitionMetadata: { partitionId: number; leader: number }[];
  message: { key?: string | Buffer | null; partition?: number | null };
}) => number;

/**
 * Learns each topic's partitions from the producer's own partitioner calls (KafkaJS hands it the topic's
 * metadata for every message it sends) and tells the partition a keyed message will go to: the same
 * partitioner, asked ahead of time. A key's partition depends only on the key and the partition count
 * (murmur2, as Kafka's Java client), so asking ahead does not change where it goes.
 */
export class KnownPartitions {
  private readonly metadata = new Map<string, Parameters<KafkaJsPartitioner>[0]['partitionMetadata']>();

  constructor(private readonly partitioner: KafkaJsPartitioner) {}

  /** The partitioner to give KafkaJS: the wrapped one, remembering each topic's partitions. */
  readonly record: KafkaJsPartitioner = (args) => {
    this.metadata.set(args.topic, args.partitionMetadata);
    return this.partitioner(args);
  };

  /** The partition of a keyed message, once a send to its topic has shown its partitions; else undefined. */
  partitionOf(topic: string, key: string | null): number | undefined {
    const partitionMetadata = this.metadata.get(topic);
    if (key === null || !partitionMetadata?.length) return undefined;
    return this.partitioner({ topic, partitionMetadata, message: { key } });
  }
}
