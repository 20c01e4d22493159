import { RedisConnectionError } from './redis-connection-error';

/** Socket errors Node reports for an unreachable or broken connection. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
/** What ioredis rejects a command with when its connection is gone (closed, offline queue off, retries spent). */
const IOREDIS_MESSAGE = /connection is closed|stream isn't writeable|reached the max retries per request/i;

/** True when `error` means Redis is unreachable rather than that a command failed. */
export function isRedisConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  return error.name === 'MaxRetriesPerRequestError' || IOREDIS_MESSAGE.test(error.message);
}

/** Runs a Redis operation, rethrowing a connection failure as RedisConnectionError and anything else unchanged. */
export async function typedRedisErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!isRedisConnectionFailure(error)) throw error;
    throw new RedisConnectionError({
      message: `Redis connection failed: ${(error as Error).message}`,
      cause: error,
    });
  }
}
