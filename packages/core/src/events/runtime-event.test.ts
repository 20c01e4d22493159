import { describe, expect, it } from 'vitest';
import { ExecutionContext } from '../context/execution-context';
import { ValidationError } from '../errors/validation-error';
import { matchesFilter } from './event-bus';
import { isFinalEvent } from './final-event';
import { REDACTED, redactForExport } from './redact';
import { RuntimeEvent } from './runtime-event';
import {
  eventCategory,
  isRuntimeEventType,
  RUNTIME_EVENT_TYPES,
  RuntimeEventType,
} from './runtime-event-type';

describe('RuntimeEventType', () => {
  it('has the 20 event types, named as DESIGN §2 says', () => {
    expect(RUNTIME_EVENT_TYPES).toHaveLength(20);
    expect(RuntimeEventType.JOB_STARTED).toBe('job.started');
    expect(RuntimeEventType.MODEL_TOKEN).toBe('model.token');
    expect(RuntimeEventType.JOB_STATUS_CHANGED).toBe('job.status_changed');
    expect(RuntimeEventType.FINAL_RESULT).toBe('final.result');
    expect(RuntimeEventType.PROGRESS).toBe('progress');
    for (const [key, value] of Object.entries(RuntimeEventType)) {
      expect(value).toBe(key.toLowerCase().replace('_', '.'));
    }
    expect(isRuntimeEventType('tool.end')).toBe(true);
    expect(isRuntimeEventType('tool_end')).toBe(false);
  });

  it('maps types to export categories', () => {
    expect(eventCategory('job.failed')).toBe('job');
    expect(eventCategory('tool.start')).toBe('tool');
    expect(eventCategory('action.required')).toBe('action');
    expect(eventCategory('progress')).toBe('progress');
    expect(eventCategory('model.token')).toBeUndefined();
    expect(eventCategory('final.result')).toBeUndefined();
  });
});

describe('RuntimeEvent', () => {
  const event = new RuntimeEvent({
    eventId: 'evt-123',
    type: RuntimeEventType.JOB_STARTED,
    timestamp: 1_700_000_000_000,
    jobId: 'job-456',
    runId: 'run-789',
    traceId: 'trace-abc',
    scopeId: 'tenant-123',
    principalId: 'user-456',
    data: { model: 'gpt-4', provider: 'openai' },
  });

  it('formats one SSE frame', () => {
    expect(event.toSSE()).toBe(
      `id: evt-123\nevent: job.started\ndata: ${JSON.stringify(event.toJSON())}\n\n`,
    );
  });

  it('redacts resume tokens in the SSE frame, as every exporter does', () => {
    const action = new RuntimeEvent({
      eventId: 'evt-1',
      type: 'action.required',
      data: {
        actionId: 'a1',
        actionType: 'approve',
        resumeToken: 'rt-secret',
        payload: { nested: { resume_token: 'rt-2' } },
      },
    });
    const frame = action.toSSE();
    expect(frame).not.toMatch(/rt-secret|rt-2/);
    expect(frame).toBe(
      `id: evt-1\nevent: action.required\ndata: ${JSON.stringify(redactForExport(action).toJSON())}\n\n`,
    );
    expect(action.data.resumeToken).toBe('rt-secret');
  });

  it('round-trips through JSON', () => {
    const back = RuntimeEvent.fromJSON(JSON.parse(JSON.stringify(event)));
    expect(back).toEqual(event);
    expect(back.toJSON()).toEqual(event.toJSON());
  });

  it('carries the log seq through JSON and uses it as the SSE id', () => {
    const stored = event.with({ seq: 7 });
    expect(RuntimeEvent.fromJSON(JSON.parse(JSON.stringify(stored))).seq).toBe(7);
    expect(stored.toSSE().startsWith('id: 7\n')).toBe(true);
    expect(event.toJSON()).not.toHaveProperty('seq');
  });

  it('tells the final event of a run', () => {
    const as = (type: RuntimeEventType) => RuntimeEvent.fromJSON({ ...event.toJSON(), type });
    expect(isFinalEvent(as('final.result'))).toBe(true);
    expect(isFinalEvent(as('final.error'))).toBe(true);
    expect(isFinalEvent(as('job.completed'))).toBe(false);
  });

  it('fills id and timestamp, and stamps context identity', () => {
    const ctx = new ExecutionContext({ scopeId: 'tenant-123', principalId: 'u', sessionId: 's' }).withJob(
      'j',
    );
    const progress = RuntimeEvent.fromContext(
      ctx,
      RuntimeEventType.PROGRESS,
      { progress: 0.5 },
      { timestamp: 5 },
    );
    expect(progress).toMatchObject({
      type: 'progress',
      timestamp: 5,
      jobId: 'j',
      runId: ctx.runId,
      traceId: ctx.traceId,
      spanId: ctx.spanId,
      scopeId: 'tenant-123',
      principalId: 'u',
      sessionId: 's',
      data: { progress: 0.5 },
    });
    expect(progress.eventId).toMatch(/^evt_/);
    expect(new RuntimeEvent({ type: 'job.started' }).timestamp).toBeGreaterThan(0);
  });

  it('fromContext builds the same frozen event as the constructor, data copied, and rejects what the constructor rejects', () => {
    const ctx = new ExecutionContext({ scopeId: 'tenant-123', principalId: 'u' }).withJob('j');
    const data = { progress: 0.5 };
    const built = RuntimeEvent.fromContext(ctx, RuntimeEventType.PROGRESS, data, { timestamp: 5 });
    data.progress = 0.9;
    const { jobId, runId, traceId, spanId, scopeId, principalId } = ctx;
    const constructed = new RuntimeEvent({
      ...{ jobId, runId, traceId, spanId, scopeId, principalId },
      type: RuntimeEventType.PROGRESS,
      timestamp: 5,
      eventId: built.eventId,
      data: { progress: 0.5 },
    });
    expect(built).toBeInstanceOf(RuntimeEvent);
    expect(Object.isFrozen(built)).toBe(true);
    expect({ ...built }).toEqual({ ...constructed });
    const bad = (type: string, value: unknown, timestamp?: number) => () =>
      RuntimeEvent.fromContext(ctx, type as never, value as never, { timestamp } as never);
    expect(bad('job.nope', {})).toThrow(ValidationError);
    expect(bad(RuntimeEventType.PROGRESS, [1])).toThrow(/event\.data/);
    expect(bad(RuntimeEventType.PROGRESS, {}, -1)).toThrow(/event\.timestamp/);
  });

  it('with() returns a changed copy', () => {
    const copy = event.with({ data: { model: 'other' } });
    expect(copy.data).toEqual({ model: 'other' });
    expect(event.data).toEqual({ model: 'gpt-4', provider: 'openai' });
  });

  it('with() validates the fields it changes and keeps the others', () => {
    const stored = event.with({ seq: 3 });
    expect(stored.toJSON()).toEqual({ ...event.toJSON(), seq: 3 });
    expect(Object.isFrozen(stored)).toBe(true);
    expect(stored.data).not.toBe(event.data);
    expect(() => event.with({ seq: 0 })).toThrow('event.seq');
    expect(() => event.with({ type: 'job.begun' } as never)).toThrow('event.type');
    expect(() => event.with({ colour: 'red' } as never)).toThrow('event.colour');
    expect(event.with({ jobId: undefined }).jobId).toBeUndefined();
    expect(event.with({ eventId: undefined }).eventId).toMatch(/^evt_/);
  });

  it('with({ seq }) builds what the full path builds and refuses what it refuses', () => {
    const full = (seq: unknown) => () => new RuntimeEvent({ ...event.toJSON(), seq } as never);
    for (const seq of [1, 7, 2 ** 53 - 1, 2 ** 53, 0, -1, 1.5, '2', null, Number.NaN, undefined]) {
      let expected: RuntimeEvent | ValidationError;
      try {
        expected = full(seq)();
      } catch (error) {
        expected = error as ValidationError;
      }
      if (expected instanceof RuntimeEvent) {
        const stamped = event.with({ seq } as never);
        expect(stamped).toBeInstanceOf(RuntimeEvent);
        expect(Object.isFrozen(stamped)).toBe(true);
        expect(Object.entries(stamped)).toEqual(
          Object.entries(expected).map(([k, v]) => [k, k === 'eventId' ? event.eventId : v]),
        );
        expect(stamped.data).not.toBe(event.data);
      } else {
        expect(() => event.with({ seq } as never), String(seq)).toThrow(
          expect.objectContaining({ name: 'ValidationError', field: expected.field }),
        );
      }
    }
    // a patch with anything besides seq (own or inherited) is parsed whole
    expect(() => event.with({ seq: 2, colour: 'red' } as never)).toThrow('event.colour');
    expect(() => event.with(Object.assign(Object.create({ colour: 'red' }), { seq: 2 }))).not.toThrow();
  });

  it.each([
    [{ type: 'job.begun' }, 'event.type'],
    [{ type: 'job.started', timestamp: -1 }, 'event.timestamp'],
    [{ type: 'job.started', data: 'x' }, 'event.data'],
    [{ type: 'job.started', jobId: '' }, 'event.jobId'],
    [{ type: 'job.started', job_id: 'x' }, 'event'],
    [{ type: 'job.started', seq: 0 }, 'event.seq'],
    [{ type: 'job.started', seq: 1.5 }, 'event.seq'],
    [{ type: 'job.started', data: new Map() }, 'event.data'],
    [{ type: 'job.started', data: { [Symbol('s')]: 1 } }, 'event.data.Symbol(s)'],
    [Object.assign(Object.create({ job_id: 'x' }), { type: 'job.started' }), 'event'],
  ])('rejects %j naming %s', (input, field) => {
    try {
      RuntimeEvent.fromJSON(input);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

it('builds what the schema would from input its hand check also takes: data copied, an own __proto__ key dropped', () => {
  const data = JSON.parse('{"__proto__": {"polluted": true}, "progress": 0.5}') as { progress: number };
  const event = new RuntimeEvent({ type: 'progress', jobId: 'j1', data });
  expect(event.data).toEqual({ progress: 0.5 });
  expect(Object.hasOwn(event.data, '__proto__')).toBe(false);
  expect(event.data).not.toBe(data);
});

describe('matchesFilter', () => {
  const e = new RuntimeEvent({ type: 'job.completed', jobId: 'j1', scopeId: 's1' });
  it.each([
    [undefined, true],
    [{}, true],
    [{ jobId: 'j1' }, true],
    [{ jobId: 'j2' }, false],
    [{ scopeId: 's1', jobId: 'j1' }, true],
    [{ scopeId: 's2' }, false],
    [{ eventTypes: ['job.completed' as const] }, true],
    [{ eventTypes: new Set(['tool.start' as const]) }, false],
  ])('%j → %s', (filter, expected) => {
    expect(matchesFilter(e, filter)).toBe(expected);
  });
});

describe('redactForExport', () => {
  it('removes resume tokens at any depth, in any spelling, leaving the rest', () => {
    const event = new RuntimeEvent({
      type: 'action.required',
      data: {
        actionId: 'a1',
        actionType: 'approve',
        resumeToken: 'secret-1',
        payload: { nested: { resume_token: 'secret-2', list: [{ ResumeTokenHash: 'h' }, 'keep'] } },
      },
    });
    const redacted = redactForExport(event);
    expect(JSON.stringify(redacted)).not.toMatch(/secret|"h"/);
    expect(redacted.data).toEqual({
      actionId: 'a1',
      actionType: 'approve',
      resumeToken: REDACTED,
      payload: { nested: { resume_token: REDACTED, list: [{ ResumeTokenHash: REDACTED }, 'keep'] } },
    });
    expect(redacted.eventId).toBe(event.eventId);
    expect(event.data.resumeToken).toBe('secret-1');
  });

  it('returns the same event when there is nothing to redact', () => {
    const event = new RuntimeEvent({
      type: 'tool.end',
      data: { step: 1, toolCallId: 'c1', toolName: 't', output: { ok: [1, 2] }, durationMs: 3 },
    });
    expect(redactForExport(event)).toBe(event);
  });
});
