import {
  asAnyRuntimeEvent,
  type EventBus,
  type EventHandler,
  type EventSubscription,
  type RuntimeEvent,
} from '@agent-runtime/core';

/** The smallest EventBus: delivers to every handler and waits for them (tests only). */
export class TestBus implements EventBus {
  private readonly handlers = new Map<string, EventHandler>();
  private nextId = 0;

  async publish(event: RuntimeEvent): Promise<void> {
    await Promise.allSettled([...this.handlers.values()].map((handler) => handler(asAnyRuntimeEvent(event))));
  }

  async subscribe(handler: EventHandler): Promise<EventSubscription> {
    const id = `sub-${this.nextId++}`;
    this.handlers.set(id, handler);
    return { id, unsubscribe: async () => void this.handlers.delete(id) };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
