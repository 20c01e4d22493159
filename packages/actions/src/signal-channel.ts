import type { ActionRecordJSON } from './action-record';

/** What a waiter learns when an action leaves pending. Never carries a resume token. */
export interface SignalMessage {
  actionId: string;
  status: 'resolved' | 'expired' | 'cancelled';
  resolution?: Record<string, unknown>;
  /**
   * The settled record as stored before the signal was sent, so a woken waiter needs no store read (without
   * it, as from an older sender, the waiter reads the store).
   */
  action?: ActionRecordJSON;
}

export interface SignalWaitOptions {
  /** Resolve with null after this long without a signal; waits indefinitely without it. */
  timeoutMs?: number;
  /** Aborting rejects the wait with CancelledError. */
  signal?: AbortSignal;
}

/**
 * Wakes whoever waits for an action (possibly in another process) when it is resolved, expired or cancelled.
 * A signal sent after `wait` was called is always seen; one sent shortly before (kept for a TTL) too.
 */
export interface SignalChannel {
  wait(actionId: string, options?: SignalWaitOptions): Promise<SignalMessage | null>;
  signal(actionId: string, message: SignalMessage): Promise<void>;
}
