import {
  type Clock,
  InvalidTransitionError,
  LeaseLostError,
  NotFoundError,
  ValidationError,
} from '@agent-runtime/core';

/** How often, and how patiently, a store call that must not be lost is retried. */
export interface StoreRetryOptions {
  /** @default 15, or no limit with `until` */
  attempts?: number;
  /** The wait before the second attempt; it doubles up to `maxDelayMs`. @default 10 */
  firstDelayMs?: number;
  /** @default 1000 */
  maxDelayMs?: number;
  /**
   * Retry until this returns true (however many attempts that takes; asked after each failed attempt and each
   * wait, so at most `maxDelayMs` late), then rethrow the last error.
   */
  until?: () => boolean;
}

/** Errors that are the store's answer, not its failure: asking again gives the same answer. */
function isDecisive(error: unknown): boolean {
  return (
    InvalidTransitionError.isInstance(error) ||
    NotFoundError.isInstance(error) ||
    ValidationError.isInstance(error) ||
    LeaseLostError.isInstance(error)
  );
}

/**
 * Runs `call` until it succeeds, it fails decisively, or `attempts` are used up (`until` says so), waiting with
 * exponential backoff between attempts (about 9 s in all with the default 15 attempts): a dropped database
 * connection or a restarting server does not leave a job's terminal state unwritten. Rethrows the last error.
 */
export async function retryStoreCall<T>(
  clock: Clock,
  call: () => Promise<T>,
  {
    until,
    attempts = until ? Number.POSITIVE_INFINITY : 15,
    firstDelayMs = 10,
    maxDelayMs = 1000,
  }: StoreRetryOptions = {},
): Promise<T> {
  let delay = firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || isDecisive(error) || until?.()) throw error;
      await clock.sleep(delay);
      if (until?.()) throw error;
    }
    delay = Math.min(delay * 2, maxDelayMs);
  }
}
