import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterEach, expect, it } from 'vitest';
import { InMemoryEventBus } from './in-memory-event-bus';
import { SSEEventAdapter } from './sse-event-adapter';
import { SSE_HEADERS } from './sse-frame';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** The README's server: one SSE connection per request, resumable, filtered by `?jobId=`. */
function serve(adapter: SSEEventAdapter): Promise<string> {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const disconnected = new AbortController();
    res.on('close', () => disconnected.abort());
    res.writeHead(200, SSE_HEADERS);
    const frames = adapter.events({
      jobId: url.searchParams.get('jobId') ?? undefined,
      lastEventId: req.headers['last-event-id'] as string | undefined,
      signal: disconnected.signal,
    });
    for await (const frame of frames) res.write(frame);
    res.end();
  });
  return new Promise((resolve) =>
    server!.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`),
    ),
  );
}

/** A real client: fetch + eventsource-parser, reading until `count` events arrived, then hanging up. */
async function receive(url: string, count: number, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  controller.abort();
  return { response, events, comments };
}

it('serves spec-correct frames over node:http to a real client, and resumes from Last-Event-ID', async () => {
  const bus = new InMemoryEventBus();
  const adapter = new SSEEventAdapter({ bus, heartbeatIntervalMs: 20 });
  await adapter.start();
  const base = await serve(adapter);
  const token = 'rt_never_leaves_0123456789';

  const first = receive(`${base}/?jobId=job-1`, 3);
  while (adapter.connectionCount === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  await bus.publish(new RuntimeEvent({ type: RuntimeEventType.JOB_STARTED, eventId: 'e1', jobId: 'job-1' }));
  await bus.publish(new RuntimeEvent({ type: RuntimeEventType.JOB_STARTED, eventId: 'x1', jobId: 'job-2' }));
  await bus.publish(
    new RuntimeEvent({
      type: RuntimeEventType.MODEL_TOKEN,
      eventId: 'e2',
      jobId: 'job-1',
      data: { step: 1, delta: 'line one\nline two' },
    }),
  );
  await bus.publish(
    new RuntimeEvent({
      type: RuntimeEventType.ACTION_REQUIRED,
      eventId: 'e3',
      jobId: 'job-1',
      data: { actionId: 'a1', actionType: 'approval', payload: {}, resumeToken: token },
    }),
  );
  const { response, events } = await first;
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(events.map((e) => [e.id, e.event])).toEqual([
    ['e1', 'job.started'],
    ['e2', 'model.token'],
    ['e3', 'action.required'],
  ]);
  expect(JSON.parse(events[1]!.data).data.delta).toBe('line one\nline two');
  expect(JSON.parse(events[2]!.data).data.resumeToken).toBe('[redacted]');
  expect(events.map((e) => e.data).join('')).not.toContain(token);

  await bus.publish(
    new RuntimeEvent({ type: RuntimeEventType.JOB_COMPLETED, eventId: 'e4', jobId: 'job-1' }),
  );
  await bus.drain();
  const resumed = await receive(`${base}/?jobId=job-1`, 3, { 'Last-Event-ID': 'e1' });
  expect(resumed.events.map((e) => e.id)).toEqual(['e2', 'e3', 'e4']);

  const idle = await (async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/?jobId=job-9`, { signal: controller.signal });
    const chunk = await res.body!.getReader().read();
    controller.abort();
    return new TextDecoder().decode(chunk.value);
  })();
  expect(idle).toBe(': heartbeat\n\n');

  while (adapter.connectionCount > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  await adapter.stop();
  await bus.close();
});
