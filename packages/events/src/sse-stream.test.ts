import { RuntimeEvent, ValidationError } from '@agent-runtime/core';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { InMemoryEventLog } from './in-memory-event-log';
import { sseStream } from './sse-stream';

const jobId = 'job-1';
const event = (type: RuntimeEvent['type'], data: Record<string, unknown> = {}) =>
  new RuntimeEvent({ type, jobId, timestamp: 1, data });

async function logWith(events: RuntimeEvent[]) {
  const log = new InMemoryEventLog();
  await log.append(events);
  return log;
}

async function parse(frames: AsyncIterable<string>): Promise<EventSourceMessage[]> {
  const messages: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => messages.push(message) });
  for await (const frame of frames) parser.feed(frame);
  return messages;
}

describe('sseStream', () => {
  it('sends each event of the job with its seq as the id, and ends after the final event', async () => {
    const log = await logWith([
      event('job.started'),
      event('progress', { progress: 0.5 }),
      event('final.result'),
    ]);
    const messages = await parse(sseStream(log, jobId, { heartbeatIntervalMs: 0 }));
    expect(messages.map((m) => [m.id, m.event])).toEqual([
      ['1', 'job.started'],
      ['2', 'progress'],
      ['3', 'final.result'],
    ]);
    const stored = await log.read(jobId);
    expect(messages.map((m) => JSON.parse(m.data))).toEqual(stored.map((e) => e.toJSON()));
  });

  it('after a Last-Event-ID, replays exactly the events after it, then live ones', async () => {
    const log = await logWith([event('job.started'), event('progress'), event('tool.start')]);
    const messages = parse(sseStream(log, jobId, { lastEventId: '2', heartbeatIntervalMs: 0 }));
    await log.append([event('tool.end'), event('final.error')]);
    expect((await messages).map((m) => m.id)).toEqual(['3', '4', '5']);
    expect(await parse(sseStream(log, jobId, { lastEventId: '5' }))).toEqual([]);
  });

  it('redacts resume tokens', async () => {
    const log = await logWith([
      event('action.required', { actionId: 'a', resumeToken: 'secret' }),
      event('final.result'),
    ]);
    const [required] = await parse(sseStream(log, jobId, { heartbeatIntervalMs: 0 }));
    expect(required?.data).not.toContain('secret');
    expect(JSON.parse(required!.data).data.resumeToken).toBe('[redacted]');
  });

  it('starts with retry: when asked, and sends heartbeats while the job is quiet', async () => {
    const log = await logWith([event('job.started')]);
    const frames = sseStream(log, jobId, { retryMs: 3000, heartbeatIntervalMs: 20 });
    const seen: string[] = [];
    for await (const frame of frames) {
      seen.push(frame);
      if (frame.startsWith(':')) break;
    }
    expect(seen[0]).toBe('retry: 3000\n\n');
    expect(seen[1]).toMatch(/^id: 1\nevent: job.started\n/);
    expect(seen[2]).toBe(': heartbeat\n\n');
  });

  it('ends when its signal aborts, and when the consumer stops reading', async () => {
    const log = await logWith([event('job.started')]);
    const controller = new AbortController();
    const aborted = parse(sseStream(log, jobId, { signal: controller.signal, heartbeatIntervalMs: 0 }));
    setTimeout(() => controller.abort(), 20);
    expect((await aborted).map((m) => m.id)).toEqual(['1']);
    const frames = sseStream(log, jobId, { heartbeatIntervalMs: 0 });
    for await (const frame of frames) {
      expect(frame).toMatch(/^id: 1/);
      break;
    }
    expect((await frames.next()).done).toBe(true);
  });

  it.each([
    ['x', 'options.lastEventId'],
    ['-1', 'options.lastEventId'],
    ['1.5', 'options.lastEventId'],
  ])('refuses Last-Event-ID %j with a ValidationError naming %s', async (lastEventId, field) => {
    const log = new InMemoryEventLog();
    try {
      sseStream(log, jobId, { lastEventId });
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});
