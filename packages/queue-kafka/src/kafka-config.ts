import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

export const PartitionBy = { JOB_ID: 'job_id', SCOPE_ID: 'scope_id', SESSION_ID: 'session_id' } as const;
export type PartitionBy = (typeof PartitionBy)[keyof typeof PartitionBy];

export const kafkaConfigSchema = z.strictObject({
  /** Comma-separated `host:port` list or an array of them. */
  bootstrapServers: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default('localhost:9092')
    .transform((servers) => (Array.isArray(servers) ? servers : servers.split(',').map((s) => s.trim()))),
  topicPrefix: z.string().min(1).default('agent-runtime'),
  /** Topic suffix for events outside the job / tool / action / progress categories. */
  defaultTopic: z.string().min(1).default('events'),
  /** The event field used as the message key, so one job's (scope's, session's) events stay ordered. */
  partitionBy: z.enum([PartitionBy.JOB_ID, PartitionBy.SCOPE_ID, PartitionBy.SESSION_ID]).default('job_id'),
  acks: z.union([z.literal('all'), z.literal(-1), z.literal(0), z.literal(1)]).default('all'),
  /** `snappy`, `lz4` and `zstd` need a codec registered in KafkaJS's `CompressionCodecs`. */
  compressionType: z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']).default('gzip'),
  /**
   * Bytes per partition (as Kafka's `batch.size`): a send carries up to this much for each partition, and a
   * partition reaching it triggers the send at once. Where the partitions are not known, per send.
   */
  batchSize: z.number().int().positive().default(16384),
  /** How long the first buffered message may wait for others before a send. */
  lingerMs: z.number().int().nonnegative().default(10),
  /**
   * Batches in flight at once. Keys are spread over this many lanes, each with one batch in flight, so a
   * key's events stay in order while the lanes send side by side. More than one pays off only where the
   * broker's round trip, not the exporting process's CPU, limits throughput (bench/README.md). @default 1
   */
  maxInFlightRequests: z.number().int().positive().max(64).default(1),
  clientId: z.string().min(1).default('agent-runtime'),
  /** Events kept while the broker is unreachable; past it the oldest are dropped (and counted). */
  maxBufferedEvents: z.number().int().positive().default(10_000),
  /** First and longest pause between retries of a failed send (exponential in between). */
  retryBackoffMs: z.number().int().positive().default(100),
  maxRetryBackoffMs: z.number().int().positive().default(5_000),
  /** How long `stop()` keeps trying to deliver what is buffered. */
  stopTimeoutMs: z.number().int().nonnegative().default(10_000),
});

export type KafkaConfigInput = z.input<typeof kafkaConfigSchema>;
export type KafkaConfig = z.output<typeof kafkaConfigSchema>;

export function kafkaConfig(input: KafkaConfigInput = {}): KafkaConfig {
  return parseInput(kafkaConfigSchema, input, 'config');
}
