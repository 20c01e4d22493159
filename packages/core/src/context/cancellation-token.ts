import { CancelledError } from '../errors/cancelled-error';

/**
 * Cooperative cancellation over an AbortController. `signal` can be handed to fetch, the AI SDK or any driver.
 * A child token is cancelled when its parent is; cancelling a child leaves the parent alone.
 */
export class CancellationToken {
  private readonly controller = new AbortController();
  readonly signal: AbortSignal;

  constructor(parent?: CancellationToken | AbortSignal) {
    const parentSignal = parent instanceof CancellationToken ? parent.signal : parent;
    this.signal = parentSignal
      ? AbortSignal.any([parentSignal, this.controller.signal])
      : this.controller.signal;
  }

  cancel(reason = 'cancelled'): void {
    if (!this.signal.aborted) this.controller.abort(new CancelledError({ reason }));
  }

  get isCancelled(): boolean {
    return this.signal.aborted;
  }

  /** The reason given to `cancel()` (or the parent's), or undefined while not cancelled. */
  get reason(): string | undefined {
    if (!this.signal.aborted) return undefined;
    const cause: unknown = this.signal.reason;
    if (CancelledError.isInstance(cause)) return cause.reason;
    return cause instanceof Error ? cause.message : String(cause);
  }

  throwIfCancelled(): void {
    if (this.signal.aborted) throw new CancelledError({ reason: this.reason, cause: this.signal.reason });
  }

  /** Runs `callback` once when cancelled (at once if already cancelled). Returns an unsubscribe function. */
  onCancel(callback: (reason: string | undefined) => void): () => void {
    if (this.signal.aborted) {
      callback(this.reason);
      return () => {};
    }
    const listener = () => callback(this.reason);
    this.signal.addEventListener('abort', listener, { once: true });
    return () => this.signal.removeEventListener('abort', listener);
  }

  child(): CancellationToken {
    return new CancellationToken(this);
  }
}
