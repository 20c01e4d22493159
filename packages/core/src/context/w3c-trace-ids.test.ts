import { describe, expect, it } from 'vitest';
import { newSpanId, newTraceId, SPAN_ID_PATTERN, TRACE_ID_PATTERN } from '../ids';
import { ExecutionContext } from './execution-context';
import { toW3CSpanId, toW3CTraceId, traceparentOf } from './w3c-trace-ids';

describe('any non-empty trace and span id, with a derived W3C form', () => {
  it("accepts traceId 'trace-ghi' and puts its W3C form in the traceparent", () => {
    const ctx = new ExecutionContext({ scopeId: 't', traceId: 'trace-ghi', spanId: 'span-1' });
    expect(ctx.traceId).toBe('trace-ghi');
    const request = ctx.toRequestContext();
    expect(request.traceId).toBe('trace-ghi');
    expect(request.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(request.traceparent).toBe(`00-${toW3CTraceId('trace-ghi')}-${toW3CSpanId('span-1')}-01`);
    expect(ExecutionContext.fromJSON(ctx.toJSON()).traceId).toBe('trace-ghi');
  });

  it('derives a stable, valid id that differs between inputs', () => {
    const ids = ['trace-ghi', 'trace-ghj', 'x', 'é', '0'.repeat(32)];
    const derived = ids.map(toW3CTraceId);
    for (const id of derived) expect(id).toMatch(TRACE_ID_PATTERN);
    expect(new Set(derived).size).toBe(ids.length);
    expect(ids.map(toW3CTraceId)).toEqual(derived);
    for (const id of ['span-1', 'span-2', '0'.repeat(16)]) expect(toW3CSpanId(id)).toMatch(SPAN_ID_PATTERN);
    expect(toW3CSpanId('span-1')).not.toBe(toW3CSpanId('span-2'));
  });

  it('keeps ids that already are W3C ids', () => {
    const traceId = newTraceId();
    const spanId = newSpanId();
    expect(toW3CTraceId(traceId)).toBe(traceId);
    expect(toW3CSpanId(spanId)).toBe(spanId);
    expect(traceparentOf(traceId, spanId)).toBe(`00-${traceId}-${spanId}-01`);
  });
});
