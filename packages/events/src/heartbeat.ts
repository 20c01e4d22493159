import type { Clock } from '@agent-runtime/core';

export const HEARTBEAT: unique symbol = Symbol('heartbeat');

/** `pending`, or HEARTBEAT when it has not settled within `intervalMs` (0: never). */
export async function withHeartbeat<T>(
  pending: Promise<T>,
  intervalMs: number,
  clock: Clock,
): Promise<T | typeof HEARTBEAT> {
  if (intervalMs === 0) return pending;
  const timer = new AbortController();
  const heartbeat = clock.sleep(intervalMs, timer.signal).then(
    (): typeof HEARTBEAT => HEARTBEAT,
    (): typeof HEARTBEAT => HEARTBEAT,
  );
  try {
    return await Promise.race([pending, heartbeat]);
  } finally {
    timer.abort();
  }
}
