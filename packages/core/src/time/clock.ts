/** The one way runtime components read time and wait, so tests can drive time by hand. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` (any length: 30 days too); rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest delay `setTimeout` honours (2³¹−1 ms, about 24.8 days); past it, it fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      let remaining = Number.isNaN(ms) ? 0 : Math.max(0, ms);
      let timer: ReturnType<typeof setTimeout>;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      // longer sleeps chain timers of at most MAX_TIMER_MS
      const schedule = () => {
        const step = Math.min(remaining, MAX_TIMER_MS);
        timer = setTimeout(() => {
          remaining -= step;
          if (remaining > 0) return schedule();
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, step);
      };
      schedule();
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
