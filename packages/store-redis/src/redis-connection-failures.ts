import { AgentRuntimeError } from '@agent-runtime/core';
import { RedisCommandError } from './redis-command-error';
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

/**
 * The typed error for anything a Redis call threw: RedisConnectionError when Redis is unreachable,
 * RedisCommandError when it answered with an error. Errors already typed pass through.
 */
export function toTypedRedisError(error: unknown): AgentRuntimeError {
  if (AgentRuntimeError.isInstance(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (isRedisConnectionFailure(error))
    return new RedisConnectionError({ message: `Redis connection failed: ${detail}`, cause: error });
  return new RedisCommandError({ message: `Redis command failed: ${detail}`, cause: error });
}

/** Runs a Redis operation, rethrowing whatever it throws as a typed error (see toTypedRedisError). */
export async function typedRedisErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toTypedRedisError(error);
  }
}
