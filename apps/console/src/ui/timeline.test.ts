import { describe, expect, it } from 'vitest';
import type { RuntimeEventView } from './api-types';
import { applyEvent, type TimelineItem } from './timeline';

let seq = 0;
const event = (type: string, data: Record<string, unknown>): RuntimeEventView => ({
  seq: ++seq,
  eventId: `evt_${seq}`,
  type,
  timestamp: 1_700_000_000_000 + seq,
  data,
});
const fold = (events: RuntimeEventView[]) => events.reduce<TimelineItem[]>(applyEvent, []);

describe('applyEvent', () => {
  it('joins the token deltas of a step into one text entry, done at model.done', () => {
    const items = fold([
      event('model.token', { step: 0, delta: 'Hel' }),
      event('model.token', { step: 0, delta: 'lo' }),
    ]);
    expect(items).toMatchObject([{ kind: 'text', text: 'Hello', done: false }]);
    expect(applyEvent(items, event('model.done', { step: 0, text: 'Hello' }))).toMatchObject([
      { kind: 'text', text: 'Hello', done: true },
    ]);
  });

  it('pairs a tool call with its output or error by toolCallId', () => {
    const items = fold([
      event('tool.start', { step: 0, toolCallId: 'a', toolName: 'build_status', input: { branch: 'main' } }),
      event('tool.start', { step: 0, toolCallId: 'b', toolName: 'deploy', input: {} }),
      event('tool.end', { step: 0, toolCallId: 'a', toolName: 'build_status', output: { ok: 1 } }),
      event('tool.error', { step: 0, toolCallId: 'b', toolName: 'deploy', error: { message: 'denied' } }),
    ]);
    expect(items).toMatchObject([
      { kind: 'tool', toolName: 'build_status', input: { branch: 'main' }, output: { ok: 1 }, state: 'done' },
      { kind: 'tool', toolName: 'deploy', error: 'denied', state: 'error' },
    ]);
  });

  it('shows an approval pending, then resolved with who resolved it', () => {
    const required = fold([
      event('action.required', {
        actionId: 'act_1',
        actionType: 'approval',
        payload: { message: 'Deploy?' },
      }),
    ]);
    expect(required).toMatchObject([{ kind: 'action', state: 'pending', payload: { message: 'Deploy?' } }]);
    const resolved = applyEvent(
      required,
      event('action.resolved', {
        actionId: 'act_1',
        actionType: 'approval',
        resolution: { approved: true },
        resolvedBy: 'ann',
      }),
    );
    expect(resolved).toMatchObject([
      { state: 'resolved', resolution: { approved: true }, resolvedBy: 'ann' },
    ]);
    expect(required[0]).toMatchObject({ state: 'pending' }); // a new array, the old one unchanged
  });

  it('marks the job ending with its tone, and ignores events it does not show', () => {
    expect(fold([event('job.completed', {}), event('progress', { progress: 1 })])).toMatchObject([
      { kind: 'status', label: 'Job succeeded', tone: 'ok' },
    ]);
    expect(fold([event('job.failed', { error: { message: 'boom' } })])).toMatchObject([
      { label: 'Job failed: boom', tone: 'bad' },
    ]);
  });
});
