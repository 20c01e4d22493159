import type { RequestContext } from '@agent-runtime/core';

/**
 * HTTP headers of every provider call: the W3C `traceparent` (so the provider call joins the job's trace) and,
 * for a job, its id as `Idempotency-Key` (honoured by providers that support one; ignored by the others).
 */
export function requestHeaders(context: RequestContext): Record<string, string> {
  const headers: Record<string, string> = { traceparent: context.traceparent };
  if (context.idempotencyKey !== undefined) headers['Idempotency-Key'] = context.idempotencyKey;
  return headers;
}
