import { eventCategory, type RuntimeEvent, redactForExport, traceparentOf } from '@agent-runtime/core';
import type { KafkaConfig, PartitionBy } from './kafka-config';

export interface OutgoingMessage {
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

const KEY_FIELD = { job_id: 'jobId', scope_id: 'scopeId', session_id: 'sessionId' } as const satisfies Record<
  PartitionBy,
  keyof RuntimeEvent
>;

/** `<prefix>.job|tool|action|progress` by the event's category, `<prefix>.<defaultTopic>` for the rest. */
export function topicFor(
  event: RuntimeEvent,
  config: Pick<KafkaConfig, 'topicPrefix' | 'defaultTopic'>,
): string {
  return `${config.topicPrefix}.${eventCategory(event.type) ?? config.defaultTopic}`;
}

/** The Kafka message for an event: redacted JSON value, partition key, type and W3C trace context headers. */
export function toKafkaMessage(event: RuntimeEvent, config: KafkaConfig): OutgoingMessage {
  const exported = redactForExport(event);
  const headers: Record<string, string> = { 'event-type': event.type, 'event-id': event.eventId };
  if (event.traceId && event.spanId) headers.traceparent = traceparentOf(event.traceId, event.spanId);
  return {
    topic: topicFor(event, config),
    key: event[KEY_FIELD[config.partitionBy]] ?? null,
    value: JSON.stringify(exported.toJSON()),
    headers,
  };
}
