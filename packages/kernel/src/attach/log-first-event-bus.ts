import {
  type EventBus,
  type EventFilter,
  type EventHandler,
  type EventSubscription,
  type RuntimeEvent,
  redactForExport,
  type SubscribeOptions,
} from '@agent-runtime/core';
import type { EventLog } from '@agent-runtime/events';

interface Pending {
  readonly event: RuntimeEvent;
  resolve(): void;
  reject(error: unknown): void;
}

/** Token and reasoning deltas: their publisher does not wait for the log, so deltas group into one append. */
const DELTAS = new Set<string>(['model.token', 'model.reasoning']);

/**
 * The bus the kernel and its managers publish on: every event of a job is appended to the event log first
 * and then published with its `seq`, in log order. `publish` resolves once the event is stored and handed to
 * the bus, except for deltas, which resolve at once: the deltas published while an append is in flight are
 * stored together by the next one, so streaming costs one write per round trip, not one per token. A failed
 * append rejects the waiting publishers (and, for deltas, the job's next `publish`).
 */
export class LogFirstEventBus implements EventBus {
  private readonly queues = new Map<string, Pending[]>();
  private readonly drains = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, unknown>();

  constructor(
    private readonly bus: EventBus,
    private readonly log: EventLog,
  ) {}

  publish(event: RuntimeEvent): Promise<void> {
    const { jobId } = event;
    if (jobId === undefined) return this.bus.publish(event);
    const failure = this.failures.get(jobId);
    if (failure !== undefined) {
      this.failures.delete(jobId);
      return Promise.reject(failure);
    }
    const stored = new Promise<void>((resolve, reject) => {
      this.queueOf(jobId).push({ event, resolve, reject });
    });
    if (!this.drains.has(jobId)) this.drains.set(jobId, this.drain(jobId));
    if (!DELTAS.has(event.type)) return stored;
    stored.catch((error: unknown) => this.failures.set(jobId, error));
    return Promise.resolve();
  }

  subscribe(
    handler: EventHandler,
    filter?: EventFilter,
    options?: SubscribeOptions,
  ): Promise<EventSubscription> {
    return this.bus.subscribe(handler, filter, options);
  }

  /** Waits for every event already published to be stored and handed on, then closes the bus. */
  async close(): Promise<void> {
    await Promise.all(this.drains.values());
    await this.bus.close();
  }

  private queueOf(jobId: string): Pending[] {
    let queue = this.queues.get(jobId);
    if (!queue) {
      queue = [];
      this.queues.set(jobId, queue);
    }
    return queue;
  }

  private async drain(jobId: string): Promise<void> {
    const queue = this.queueOf(jobId);
    // a microtask first, so the deltas published right after this one join its batch
    await Promise.resolve();
    while (queue.length > 0) {
      const batch = queue.splice(0);
      try {
        const stored = await this.log.append(batch.map(({ event }) => redactForExport(event)));
        for (const [i, { event }] of batch.entries())
          await this.bus.publish(event.with({ seq: stored[i]!.seq }));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.queues.delete(jobId);
    this.drains.delete(jobId);
  }
}
