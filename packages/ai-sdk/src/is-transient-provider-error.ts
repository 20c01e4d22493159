import { RuntimeTimeoutError } from '@agent-runtime/core';
import { APICallError } from 'ai';

const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether a failed provider call is worth retrying: HTTP 429 and 5xx, network failures (no response) and a
 * timed-out attempt. Any other 4xx (bad request, auth, not found) is the caller's fault and never retried.
 */
export function isTransientProviderError(error: unknown): boolean {
  if (RuntimeTimeoutError.isInstance(error)) return true;
  if (APICallError.isInstance(error)) {
    if (error.statusCode === undefined) return isNetworkError(error.cause) || error.isRetryable;
    return error.statusCode === 429 || error.statusCode >= 500;
  }
  return isNetworkError(error);
}

function isNetworkError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    if (current instanceof TypeError && current.message === 'fetch failed') return true;
    current = current.cause;
  }
  return false;
}
