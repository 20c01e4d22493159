import type { AnyRuntimeEvent } from '@agent-runtime/core';

/**
 * The events of one job, kept so that every iterator starts from the first event, however late it starts,
 * and ends once the buffer is closed (after the final event). Only the handles reference it once the job
 * ended, so it is garbage once they are.
 */
export class EventBuffer {
  private readonly events: AnyRuntimeEvent[] = [];
  private closed = false;
  /** What a waiter waits on, made only once one waits (most events are pushed with nobody waiting). */
  private change: { promise: Promise<void>; resolve: () => void } | undefined;

  push(event: AnyRuntimeEvent): void {
    if (this.closed) return;
    this.events.push(event);
    this.notify();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.notify();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves once the buffer is closed. */
  async whenClosed(): Promise<void> {
    while (!this.closed) await this.nextChange();
  }

  async *iterate(): AsyncGenerator<AnyRuntimeEvent, void, undefined> {
    let index = 0;
    for (;;) {
      while (index < this.events.length) yield this.events[index++]!;
      if (this.closed) return;
      await this.nextChange();
    }
  }

  private notify(): void {
    const change = this.change;
    this.change = undefined;
    change?.resolve();
  }

  /** Resolves at the next push or close. */
  private nextChange(): Promise<void> {
    if (!this.change) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      this.change = { promise, resolve };
    }
    return this.change.promise;
  }
}
