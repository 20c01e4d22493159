export { OverflowPolicy } from './bounded-queue';
export type { EventAdapter } from './event-adapter';
export { EventBusClosedError } from './event-bus-closed-error';
export type {
  EventLog,
  EventLogFollowOptions,
  EventLogPruneOptions,
  EventLogReadOptions,
} from './event-log';
export {
  type EventLogRetentionOptions,
  parseAppendedEvents,
  parseFollowArguments,
  parseReadArguments,
  pruneCutoff,
  retentionOptionsShape,
} from './event-log-options';
export { type FollowableLog, followEventLog } from './follow-event-log';
export {
  type EventStream,
  InMemoryEventBus,
  type InMemoryEventBusOptions,
  type InMemoryEventSubscription,
  type StreamOptions,
} from './in-memory-event-bus';
export { InMemoryEventLog, type InMemoryEventLogOptions } from './in-memory-event-log';
export { JobWakeups } from './job-wakeups';
export {
  type SSEConnectionOptions,
  SSEEventAdapter,
  type SSEEventAdapterOptions,
  type SSEExportStats,
} from './sse-event-adapter';
export { formatSSEComment, formatSSEFrame, SSE_HEADERS, type SSEFrameInit } from './sse-frame';
export { type SSEStreamOptions, sseStream } from './sse-stream';
export { WebhookDeliveryError } from './webhook-delivery-error';
export {
  WebhookEventAdapter,
  type WebhookEventAdapterOptions,
  type WebhookExportStats,
} from './webhook-event-adapter';
export { backoffDelayMs, parseRetryAfterMs, type WebhookRetryOptions } from './webhook-retry';
export { signWebhook } from './webhook-signature';
