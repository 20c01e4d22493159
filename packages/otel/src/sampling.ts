import { TRACE_ID_PATTERN } from '@agent-runtime/core';

/**
 * Whether a trace is sampled at `rate`: the trace id's last 8 hex digits as a fraction of 2^32 against the
 * rate (the same idea as OpenTelemetry's TraceIdRatioBased sampler), so all processes agree on a job.
 */
export function isSampled(traceId: string | undefined, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  if (!traceId || !TRACE_ID_PATTERN.test(traceId)) return Math.random() < rate;
  return Number.parseInt(traceId.slice(-8), 16) / 2 ** 32 < rate;
}
