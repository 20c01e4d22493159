import type { AnyRuntimeEvent, RuntimeEvent } from './runtime-event';
import type { RuntimeEventType } from './runtime-event-type';

/** Receives each event as the discriminated union, so `event.type` narrows `event.data`. */
export type EventHandler = (event: AnyRuntimeEvent) => void | Promise<void>;

/** Which events a subscriber wants; absent fields match everything. */
export interface EventFilter {
  eventTypes?: Iterable<RuntimeEventType>;
  jobId?: string;
  scopeId?: string;
}

/** How a subscriber receives events. */
export interface SubscribeOptions {
  /**
   * Receive events with their resume tokens. Only for trusted in-process code that resolves actions itself
   * (the kernel's `handle.events()` subscribes this way); every other subscriber gets what `redactForExport`
   * returns, so a token cannot leak through a logger, an exporter or a UI feed.
   * @default false
   */
  includeSecrets?: boolean;
}

export interface EventSubscription {
  readonly id: string;
  /** Events the bus discarded for this subscriber (its queue was full), when the bus counts them. */
  readonly dropped?: number;
  /**
   * Takes no more events, then resolves once the handler has been given (and has returned from) every event
   * already queued for this subscription: unsubscribing loses nothing published before it. Do not await it
   * inside the subscription's own handler (that handler is what it waits for).
   */
  unsubscribe(): Promise<void>;
}

/**
 * The event bus contract. `publish` resolves once the event is accepted for delivery (not after every handler
 * ran); a throwing or slow handler must not affect other subscribers or the publisher. Every subscriber sees
 * events in the order `publish` was called, also for calls made before an earlier one resolved (the job
 * manager hands a transition's events over that way). Subscribers see events redacted (`redactForExport`)
 * unless they subscribe with `{ includeSecrets: true }`.
 */
export interface EventBus {
  publish(event: RuntimeEvent): Promise<void>;
  subscribe(
    handler: EventHandler,
    filter?: EventFilter,
    options?: SubscribeOptions,
  ): Promise<EventSubscription>;
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
