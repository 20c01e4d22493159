export { OverflowPolicy } from './bounded-queue';
export type { EventAdapter } from './event-adapter';
export { EventBusClosedError } from './event-bus-closed-error';
export {
  type EventStream,
  InMemoryEventBus,
  type InMemoryEventBusOptions,
  type InMemoryEventSubscription,
  type StreamOptions,
} from './in-memory-event-bus';
export {
  type SSEConnectionOptions,
  SSEEventAdapter,
  type SSEEventAdapterOptions,
  type SSEExportStats,
} from './sse-event-adapter';
export { formatSSEComment, formatSSEFrame, SSE_HEADERS, type SSEFrameInit } from './sse-frame';
export { WebhookDeliveryError } from './webhook-delivery-error';
export {
  WebhookEventAdapter,
  type WebhookEventAdapterOptions,
  type WebhookExportStats,
} from './webhook-event-adapter';
export { backoffDelayMs, parseRetryAfterMs, type WebhookRetryOptions } from './webhook-retry';
export { signWebhook } from './webhook-signature';
