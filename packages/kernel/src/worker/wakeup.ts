import type { Clock } from '@agent-runtime/core';

/**
 * What a worker's claim loop waits on: a poke (a NOTIFY, a freed slot, `stop()`) or its poll delay, whichever
 * comes first. A poke while nobody waits is kept, so the next wait returns at once: none is lost between two
 * waits. Pokes coalesce.
 */
export class Wakeup {
  private poked = false;
  private wake: (() => void) | undefined;

  constructor(private readonly clock: Clock) {}

  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  async next(delayMs: number): Promise<void> {
    if (this.takePoke()) return;
    const timer = new AbortController();
    const poked = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    const slept = this.clock.sleep(delayMs, timer.signal).catch(() => {});
    await Promise.race([poked, slept]);
    this.wake = undefined;
    timer.abort();
    this.takePoke();
  }

  private takePoke(): boolean {
    const was = this.poked;
    this.poked = false;
    return was;
  }
}
