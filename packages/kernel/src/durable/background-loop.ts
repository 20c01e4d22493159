/**
 * Runs `task` again and again, `delayMs()` apart, on timers that never keep the process alive (`unref`).
 * A task's error is swallowed: the next run goes on regardless. `stop()` waits for a run in progress.
 */
export class BackgroundLoop {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly delayMs: () => number,
  ) {}

  /** Runs the task now (joining a run in progress), then schedules the next. */
  runNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    clearTimeout(this.timer);
    this.current ??= this.task()
      .catch(() => {})
      .finally(() => {
        this.current = undefined;
        this.schedule();
      });
    return this.current;
  }

  schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runNow(), this.delayMs());
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }
}

/** `seconds` in ms, shifted by up to ±20% so the kernels sharing a database do not sweep in step. */
export function jittered(seconds: number): number {
  return seconds * 1000 * (0.8 + Math.random() * 0.4);
}
