import type { RuntimeEvent } from './runtime-event';
import type { RuntimeEventType } from './runtime-event-type';

export type EventHandler = (event: RuntimeEvent) => void | Promise<void>;

/** Which events a subscriber wants; absent fields match everything. */
export interface EventFilter {
  eventTypes?: Iterable<RuntimeEventType>;
  jobId?: string;
  scopeId?: string;
}

export interface EventSubscription {
  readonly id: string;
  unsubscribe(): Promise<void>;
}

/**
 * The event bus contract. `publish` resolves once the event is accepted for delivery (not after every handler
 * ran); a throwing or slow handler must not affect other subscribers or the publisher.
 */
export interface EventBus {
  publish(event: RuntimeEvent): Promise<void>;
  subscribe(handler: EventHandler, filter?: EventFilter): Promise<EventSubscription>;
  close(): Promise<void>;
}

/** True when `event` passes `filter`. Shared by every bus and adapter so filtering means one thing. */
export function matchesFilter(event: RuntimeEvent, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.jobId !== undefined && event.jobId !== filter.jobId) return false;
  if (filter.scopeId !== undefined && event.scopeId !== filter.scopeId) return false;
  if (filter.eventTypes !== undefined) {
    const types = filter.eventTypes instanceof Set ? filter.eventTypes : new Set(filter.eventTypes);
    if (!types.has(event.type)) return false;
  }
  return true;
}
