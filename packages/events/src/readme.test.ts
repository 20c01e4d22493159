import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AnyRuntimeEvent, RuntimeEvent, RuntimeEventType, ZERO_USAGE } from '@agent-runtime/core';
import { expect, it } from 'vitest';
import {
  InMemoryEventBus,
  InMemoryEventLog,
  SSE_HEADERS,
  SSEEventAdapter,
  sseStream,
  WebhookEventAdapter,
} from './index';

it('README: event bus', async () => {
  const printed: string[] = [];
  const console = { log: (line: string) => printed.push(line) };

  const bus = new InMemoryEventBus();

  // Subscribe
  const subscription = await bus.subscribe(
    async (event) => {
      console.log(`Event: ${event.type}`);
    },
    { eventTypes: [RuntimeEventType.JOB_STARTED, RuntimeEventType.JOB_COMPLETED] },
  );

  // Publish
  await bus.publish(new RuntimeEvent({ type: RuntimeEventType.JOB_STARTED, jobId: 'job-123' }));

  // Unsubscribe
  await bus.drain();
  await subscription.unsubscribe();

  expect(printed).toEqual(['Event: job.started']);
});

it('README: streaming a job', async () => {
  const bus = new InMemoryEventBus();
  const seen: string[] = [];

  const events = bus.stream({ jobId: 'job-123' });
  await bus.publish(new RuntimeEvent({ type: RuntimeEventType.JOB_STARTED, jobId: 'job-123' }));
  await bus.publish(new RuntimeEvent({ type: RuntimeEventType.JOB_STARTED, jobId: 'job-999' }));
  await bus.publish(new RuntimeEvent({ type: RuntimeEventType.JOB_COMPLETED, jobId: 'job-123' }));
  await bus.close(); // ends every stream after the events already published

  for await (const event of events) seen.push(event.type);

  expect(seen).toEqual(['job.started', 'job.completed']);
});

it('README: SSE streaming', async () => {
  const sent: string[] = [];
  const bus = new InMemoryEventBus();

  // SSE streaming
  const sseAdapter = new SSEEventAdapter({ bus });
  await sseAdapter.start();

  const frames = sseAdapter.events({ jobId: 'job-123' });
  await bus.publish(
    new RuntimeEvent({ type: RuntimeEventType.JOB_STARTED, jobId: 'job-123', eventId: 'evt-1' }),
  );
  await bus.drain();
  await sseAdapter.stop(); // ends every connection after the frames already queued

  for await (const sseString of frames) {
    sent.push(sseString); // send to the client
  }

  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatch(/^id: evt-1\nevent: job.started\ndata: \{.*\}\n\n$/);
});

it('README: webhook delivery', async () => {
  const received: { headers: Record<string, unknown>; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  const process = { env: { WEBHOOK_SECRET: `whsec_${Buffer.from('my-webhook-secret').toString('base64')}` } };
  const event = new RuntimeEvent({ type: RuntimeEventType.JOB_COMPLETED, jobId: 'job-123' });

  // Webhook delivery
  const webhookAdapter = new WebhookEventAdapter({
    webhookUrl, // e.g. 'https://example.com/webhook'
    headers: { Authorization: 'Bearer token' },
    secret: process.env.WEBHOOK_SECRET, // optional: Standard Webhooks signing
  });
  await webhookAdapter.adapt(event);
  await webhookAdapter.stop(); // delivers everything queued

  server.close();
  expect(received).toHaveLength(1);
  expect(received[0]!.headers.authorization).toBe('Bearer token');
  expect(received[0]!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  expect(JSON.parse(received[0]!.body).eventId).toBe(event.eventId);
});

it('README: what stop() guarantees', async () => {
  const printed: unknown[] = [];
  const console = { log: (value: unknown) => printed.push(value) };
  const ids: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  const bus = new InMemoryEventBus({ maxQueueSize: 10_000 }); // room for the whole burst
  const webhook = new WebhookEventAdapter({ webhookUrl: receiverUrl, bus });
  await webhook.start();
  for (let i = 0; i < 100; i++)
    await bus.publish(new RuntimeEvent({ type: 'progress', data: { progress: i / 100 } }));
  await webhook.stop(); // resolves after every one of the 100 was POSTed (or given up on)
  console.log(webhook.stats); // { pending: 0, delivered: 100, dropped: 0 }

  server.close();
  expect(printed).toEqual([{ pending: 0, delivered: 100, dropped: 0 }]);
  expect(new Set(ids).size).toBe(100);
});

it('README: resume tokens on the bus', async () => {
  const printed: unknown[] = [];
  const console = { log: (value: unknown) => printed.push(value) };

  const bus = new InMemoryEventBus();
  const seen: unknown[] = [];
  const tokenOf = (event: AnyRuntimeEvent) => {
    if (event.type === 'action.required') seen.push(event.data.resumeToken); // data narrowed with the type
  };
  await bus.subscribe(tokenOf); // a logger, a UI feed…
  await bus.subscribe(tokenOf, undefined, { includeSecrets: true });
  const payload = { message: 'Deploy?' };
  await bus.publish(
    new RuntimeEvent({
      type: 'action.required',
      data: { actionId: 'a1', actionType: 'confirm', payload, resumeToken: 'rt_secret' },
    }),
  );
  await bus.drain();
  console.log(seen); // ['[redacted]', 'rt_secret']

  expect(printed).toEqual([['[redacted]', 'rt_secret']]);
});

it('README: event log', async () => {
  const printed: unknown[][] = [];
  const console = { log: (...args: unknown[]) => printed.push(args) };

  const log = new InMemoryEventLog();
  const stored = await log.append([
    new RuntimeEvent({ type: 'job.started', jobId: 'job-123' }),
    new RuntimeEvent({ type: 'progress', jobId: 'job-123', data: { progress: 0.5 } }),
  ]);
  console.log(stored.map((event) => event.seq)); // [1, 2]

  expect((await log.read('job-123', { afterSeq: 1, limit: 100 })).map((e) => e.type)).toEqual(['progress']);

  setTimeout(
    () =>
      log.append([
        new RuntimeEvent({
          type: 'final.result',
          jobId: 'job-123',
          data: { content: 'done', turns: 1, usage: { ...ZERO_USAGE, totalCost: '0' } },
        }),
      ]),
    10,
  );
  for await (const event of log.follow('job-123', { afterSeq: 1 })) console.log(event.seq, event.type);

  expect(printed).toEqual([[[1, 2]], [2, 'progress'], [3, 'final.result']]);
  expect(await log.prune({ before: Date.now() - 7 * 86_400_000 })).toBe(0);
  expect(await log.prune({ before: Date.now() + 1 })).toBe(3);
});

it('README: sseStream over node:http, resumed by Last-Event-ID', async () => {
  const log = new InMemoryEventLog();
  await log.append(
    ['job.started', 'progress', 'final.result'].map(
      (type) => new RuntimeEvent({ type: type as RuntimeEvent['type'], jobId: 'job-123' }),
    ),
  );
  const server = createServer(async (req, res) => {
    const jobId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('jobId') ?? '';
    const disconnected = new AbortController();
    res.on('close', () => disconnected.abort());
    res.writeHead(200, SSE_HEADERS);
    const frames = sseStream(log, jobId, {
      lastEventId: req.headers['last-event-id'] as string | undefined,
      signal: disconnected.signal,
    });
    for await (const frame of frames) res.write(frame);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?jobId=job-123`;
  const body = await (await fetch(url, { headers: { 'Last-Event-ID': '1' } })).text();
  server.close();
  expect(body.match(/^id: .*/gm)).toEqual(['id: 2', 'id: 3']);
});
