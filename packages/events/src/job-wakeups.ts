/**
 * Wakes the followers of a job when its log changes. `next(jobId, signal)` must be called before the read
 * whose result decides to wait, so a change between that read and the wait is never missed.
 */
export class JobWakeups {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Resolves at the next `notify(jobId)`, or when `signal` aborts (never rejects). */
  next(jobId: string, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const waiters = this.waiters.get(jobId) ?? new Set();
      this.waiters.set(jobId, waiters);
      const wake = () => {
        signal?.removeEventListener('abort', wake);
        waiters.delete(wake);
        if (waiters.size === 0 && this.waiters.get(jobId) === waiters) this.waiters.delete(jobId);
        resolve();
      };
      waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  notify(jobId: string): void {
    const waiters = this.waiters.get(jobId);
    if (!waiters) return;
    this.waiters.delete(jobId);
    for (const wake of [...waiters]) wake();
  }

  /** Jobs with a waiting follower (what a LISTEN connection needs to hear about). */
  get size(): number {
    return this.waiters.size;
  }
}
