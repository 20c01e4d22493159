export {
  type KafkaConfig,
  type KafkaConfigInput,
  kafkaConfig,
  kafkaConfigSchema,
  PartitionBy,
} from './kafka-config';
export {
  KafkaEventAdapter,
  type KafkaEventAdapterOptions,
  type KafkaExportStats,
} from './kafka-event-adapter';
export type { KafkaProducerLike } from './kafka-producer';
export { type OutgoingMessage, toKafkaMessage, topicFor } from './to-kafka-message';
