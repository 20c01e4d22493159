import { toW3CTraceId } from '@agent-runtime/core';

/**
 * Whether a trace is sampled at `rate`: the last 8 hex digits of the trace id's W3C form as a fraction of 2^32
 * against the rate (the same idea as OpenTelemetry's TraceIdRatioBased sampler), so all processes agree on a job.
 */
export function isSampled(traceId: string | undefined, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  if (!traceId) return Math.random() < rate;
  return Number.parseInt(toW3CTraceId(traceId).slice(-8), 16) / 2 ** 32 < rate;
}
