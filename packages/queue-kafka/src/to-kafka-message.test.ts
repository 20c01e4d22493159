import { RuntimeEvent, type RuntimeEventType, traceparentOf } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { kafkaConfig } from './kafka-config';
import { toKafkaMessage } from './to-kafka-message';

const config = kafkaConfig({ topicPrefix: 'myapp.agent' });
const event = (type: RuntimeEventType, extra: Partial<ConstructorParameters<typeof RuntimeEvent>[0]> = {}) =>
  new RuntimeEvent({ type, jobId: 'job-1', scopeId: 'tenant-1', sessionId: 'sess-1', ...extra });

describe('toKafkaMessage', () => {
  it.each([
    ['job.started', 'myapp.agent.job'],
    ['job.status_changed', 'myapp.agent.job'],
    ['tool.error', 'myapp.agent.tool'],
    ['action.required', 'myapp.agent.action'],
    ['progress', 'myapp.agent.progress'],
    ['model.token', 'myapp.agent.events'],
    ['final.result', 'myapp.agent.events'],
  ] as const)('%s goes to %s', (type, topic) => {
    expect(toKafkaMessage(event(type), config).topic).toBe(topic);
  });

  it.each([
    ['job_id', 'job-1'],
    ['scope_id', 'tenant-1'],
    ['session_id', 'sess-1'],
  ] as const)('keys by %s', (partitionBy, key) => {
    expect(toKafkaMessage(event('progress'), kafkaConfig({ partitionBy })).key).toBe(key);
  });

  it('has no key when the event lacks the partition field', () => {
    expect(toKafkaMessage(new RuntimeEvent({ type: 'job.started' }), config).key).toBeNull();
  });

  it('carries the event type and W3C trace context in headers', () => {
    const traced = event('tool.start', { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) });
    expect(toKafkaMessage(traced, config).headers).toEqual({
      'event-type': 'tool.start',
      'event-id': traced.eventId,
      traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    });
    expect(
      toKafkaMessage(event('tool.start', { traceId: 'not-w3c' }), config).headers.traceparent,
    ).toBeUndefined();
  });

  it('derives the W3C traceparent from ids that are not W3C hex', () => {
    const traced = event('tool.start', { traceId: 'trace-ghi', spanId: 'span-1' });
    expect(toKafkaMessage(traced, config).headers.traceparent).toBe(traceparentOf('trace-ghi', 'span-1'));
    expect(traceparentOf('trace-ghi', 'span-1')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('sends the event as JSON that round-trips, without the resume token', () => {
    const required = event('action.required', {
      data: { actionId: 'a1', actionType: 'confirm', payload: {}, resumeToken: 'secret-token' },
    });
    const { value } = toKafkaMessage(required, config);
    expect(value).not.toContain('secret-token');
    const back = RuntimeEvent.fromJSON(JSON.parse(value));
    expect(back.eventId).toBe(required.eventId);
    expect(back.data).toEqual({
      actionId: 'a1',
      actionType: 'confirm',
      payload: {},
      resumeToken: '[redacted]',
    });
  });
});
