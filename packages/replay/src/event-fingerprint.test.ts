import { RuntimeEvent } from '@agent-runtime/core';
import { expect, it } from 'vitest';
import { fingerprintOf, VOLATILE_DATA_KEYS } from './event-fingerprint';

const base = {
  type: 'tool.end' as const,
  data: { step: 1, toolName: 'search', output: { hits: 3 }, toolCallId: 'c1', durationMs: 12 },
};

it('ignores ids, times and the volatile data keys', () => {
  const a = new RuntimeEvent({ ...base, jobId: 'j1', traceId: 't1', timestamp: 1 });
  const b = new RuntimeEvent({
    ...base,
    jobId: 'j2',
    traceId: 't2',
    timestamp: 2,
    data: { ...base.data, toolCallId: 'c2', durationMs: 99, toolMetadata: undefined },
  });
  expect(fingerprintOf(a)).toEqual(fingerprintOf(b));
  expect(VOLATILE_DATA_KEYS).toContain('resumeToken');
});

it('changes with the type or the meaningful data', () => {
  const a = fingerprintOf(new RuntimeEvent(base));
  expect(
    fingerprintOf(new RuntimeEvent({ ...base, data: { ...base.data, output: { hits: 4 } } })).hash,
  ).not.toBe(a.hash);
  expect(fingerprintOf(new RuntimeEvent({ ...base, type: 'tool.start' })).hash).not.toBe(a.hash);
});

it('does not depend on key order', () => {
  const a = fingerprintOf(new RuntimeEvent({ type: 'progress', data: { progress: 0.5, turn: 1 } }));
  const b = fingerprintOf(new RuntimeEvent({ type: 'progress', data: { turn: 1, progress: 0.5 } }));
  expect(a).toEqual(b);
});
