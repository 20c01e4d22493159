import {
  type AnyRuntimeEvent,
  asAnyRuntimeEvent,
  type EventBus,
  type EventHandler,
  type EventSubscription,
  type RuntimeEvent,
} from '@agent-runtime/core';

/** An EventBus that only records what was published (subscribers are never called). */
export class RecordingBus implements EventBus {
  readonly events: AnyRuntimeEvent[] = [];

  async publish(event: RuntimeEvent): Promise<void> {
    this.events.push(asAnyRuntimeEvent(event));
  }

  async subscribe(_handler: EventHandler): Promise<EventSubscription> {
    return { id: 'sub', unsubscribe: async () => {} };
  }

  async close(): Promise<void> {}

  /** The types published, in order. */
  types() {
    return this.events.map((event) => event.type);
  }

  /** `[type, data]` of every event published, in order. */
  summary() {
    return this.events.map((event) => [event.type, event.data]);
  }
}
