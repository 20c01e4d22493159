const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/** Delay before reconnect attempt `attempt` (1-based): 100 ms, doubling, at most 5 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempt - 1));
}
