import type { Clock } from './clock';

interface Sleeper {
  wakeAt: number;
  order: number;
  resolve: () => void;
}

/** A clock that moves only when told to. `advance(ms)` wakes sleepers in time order. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private created = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper: Sleeper = { wakeAt: this.current + Math.max(0, ms), order: this.created++, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Number of pending sleeps (useful to wait until code under test has started waiting). */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Sets the time without waking anyone: for tests of wall-clock boundaries. */
  set(epochMs: number): void {
    this.current = epochMs;
  }

  /** Moves time forward by `ms`, waking each due sleeper at its own time and letting its continuation run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      this.current = next.wakeAt;
      next.resolve();
      await settle();
    }
    this.current = target;
    await settle();
  }

  private nextDue(target: number): Sleeper | undefined {
    let next: Sleeper | undefined;
    for (const s of this.sleepers) {
      if (s.wakeAt > target) continue;
      if (!next || s.wakeAt < next.wakeAt || (s.wakeAt === next.wakeAt && s.order < next.order)) next = s;
    }
    return next;
  }
}

/** Lets pending promise continuations run (a macrotask turn drains the microtask queue). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
