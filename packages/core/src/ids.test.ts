import { expect, it } from 'vitest';
import { newId, newSpanId, newTraceId, SPAN_ID_PATTERN, TRACE_ID_PATTERN } from './ids';

it('makes W3C trace-context ids', () => {
  for (let i = 0; i < 100; i++) {
    expect(newTraceId()).toMatch(TRACE_ID_PATTERN);
    expect(newSpanId()).toMatch(SPAN_ID_PATTERN);
  }
  expect('0'.repeat(32)).not.toMatch(TRACE_ID_PATTERN);
  expect('0'.repeat(16)).not.toMatch(SPAN_ID_PATTERN);
});

it('makes unique prefixed ids', () => {
  const ids = new Set(Array.from({ length: 1000 }, () => newId('job')));
  expect(ids.size).toBe(1000);
  expect([...ids][0]).toMatch(/^job_[0-9a-f-]{36}$/);
});
