import { SPAN_ID_PATTERN, TRACE_ID_PATTERN } from '../ids';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/** 64-bit FNV-1a of a string (its UTF-16 code units), as 16 hex digits. */
function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = ((hash ^ BigInt(text.charCodeAt(i))) * FNV_PRIME) & MASK_64;
  return hash.toString(16).padStart(16, '0');
}

function nonZero(hex: string): string {
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/**
 * The W3C trace-context form of a trace id: the id itself when it already is 32 lowercase hex digits (not all
 * zero), otherwise a stable 32-hex-digit digest of it, so the same id always maps to the same OpenTelemetry trace.
 */
export function toW3CTraceId(traceId: string): string {
  if (TRACE_ID_PATTERN.test(traceId)) return traceId;
  return nonZero(fnv1a64(`trace:${traceId}`) + fnv1a64(`trace-low:${traceId}`));
}

/** The W3C form of a span id: the id itself when it is 16 lowercase hex digits (not all zero), else a digest. */
export function toW3CSpanId(spanId: string): string {
  if (SPAN_ID_PATTERN.test(spanId)) return spanId;
  return nonZero(fnv1a64(`span:${spanId}`));
}

/** The W3C `traceparent` header value (sampled) for any trace and span id, in their derived W3C form. */
export function traceparentOf(traceId: string, spanId: string): string {
  return `00-${toW3CTraceId(traceId)}-${toW3CSpanId(spanId)}-01`;
}
