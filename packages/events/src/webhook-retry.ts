export interface WebhookRetryOptions {
  /** Attempts per event, the first included. @default 5 */
  maxAttempts?: number;
  /** Backoff before the second attempt; doubles each time. @default 500 */
  initialDelayMs?: number;
  /** Cap of the exponential backoff. @default 30 000 */
  maxDelayMs?: number;
  /** Cap of a server's `Retry-After`. @default 300 000 */
  maxRetryAfterMs?: number;
}

export type ResolvedRetryOptions = Required<WebhookRetryOptions>;

/**
 * Delay before attempt `failedAttempt + 1`: exponential backoff capped at `maxDelayMs`, with "equal jitter"
 * (half fixed, half random) so that many senders retrying together spread out but still back off.
 */
export function backoffDelayMs(
  failedAttempt: number,
  retry: ResolvedRetryOptions,
  random: () => number,
): number {
  const exponential = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (failedAttempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** `Retry-After` (delta-seconds or an HTTP date) in ms from `nowMs`, or undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Network errors, timeouts, 5xx and 429 are worth another attempt; other statuses are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
