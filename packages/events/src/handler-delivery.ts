import type { AnyRuntimeEvent, EventHandler } from '@agent-runtime/core';
import type { BoundedQueue } from './bounded-queue';

/**
 * Feeds one handler from its queue, one event at a time and in order; a throw or rejection is reported and
 * delivery goes on with the next event.
 */
export class HandlerDelivery {
  private busy = false;
  private idleWaiters: (() => void)[] = [];
  /** Settles once the queue ended and the handler returned from its last event. */
  readonly finished: Promise<void>;

  constructor(
    private readonly queue: BoundedQueue<AnyRuntimeEvent>,
    private readonly handler: EventHandler,
    private readonly onError: (error: unknown, event: AnyRuntimeEvent) => void,
    private readonly onFinished: () => void,
  ) {
    this.finished = this.run();
  }

  /** Resolves when every event queued so far has been handled (or the delivery ended). */
  idle(): Promise<void> {
    if (!this.busy && this.queue.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.queue.size === 0) this.notifyIdle();
      // a queued event is taken at once, and a handler that returns no promise is not awaited: no microtask
      // turn per event (delivery stays one at a time and in order)
      const next = this.queue.size > 0 ? { done: false, value: this.queue.take() } : await this.queue.next();
      if (next.done) break;
      this.busy = true;
      try {
        const handled = this.handler(next.value);
        if (isPromiseLike(handled)) await handled;
      } catch (error) {
        this.onError(error, next.value);
      } finally {
        this.busy = false;
      }
    }
    this.notifyIdle();
    this.onFinished();
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
