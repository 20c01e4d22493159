export { OverflowPolicy } from './bounded-queue';
export { EventBusClosedError } from './event-bus-closed-error';
export {
  type EventStream,
  InMemoryEventBus,
  type InMemoryEventBusOptions,
  type InMemoryEventSubscription,
  type StreamOptions,
} from './in-memory-event-bus';
