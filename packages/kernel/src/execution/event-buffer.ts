import type { AnyRuntimeEvent } from '@agent-runtime/core';

/**
 * The events of one job, kept so that every iterator starts from the first event, however late it starts,
 * and ends once the buffer is closed (after the final event). Only the handles reference it once the job
 * ended, so it is garbage once they are.
 */
export class EventBuffer {
  private readonly events: AnyRuntimeEvent[] = [];
  private closed = false;
  private wake: (() => void) | undefined;
  private changed: Promise<void> = this.nextChange();

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
    while (!this.closed) await this.changed;
  }

  async *iterate(): AsyncGenerator<AnyRuntimeEvent, void, undefined> {
    let index = 0;
    for (;;) {
      while (index < this.events.length) yield this.events[index++]!;
      if (this.closed) return;
      await this.changed;
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.changed = this.nextChange();
    wake?.();
  }

  private nextChange(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }
}
