import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { Webhook } from 'standardwebhooks';
import { afterEach, expect, it } from 'vitest';
import { InMemoryEventBus } from './in-memory-event-bus';
import { WebhookEventAdapter } from './webhook-event-adapter';

const SECRET = `whsec_${Buffer.from('receiver-shared-secret-0123456789').toString('base64')}`;
const TOKEN = 'rt_must_never_leave_the_process';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A receiver that drops the connection, hangs, answers 503 and 429, then recovers and accepts everything. */
function flakyReceiver(): Promise<{ url: string; accepted: Received[]; allBodies: string[] }> {
  const accepted: Received[] = [];
  const allBodies: string[] = [];
  let requests = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      allBodies.push(body);
      requests++;
      if (requests === 1) return req.socket.destroy();
      if (requests === 2) return; // hangs: the sender's timeout must fire
      if (requests === 3) return res.writeHead(503).end();
      if (requests === 4) return res.writeHead(429, { 'Retry-After': '0' }).end();
      accepted.push({ body, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server!.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`,
        accepted,
        allBodies,
      }),
    ),
  );
}

it('delivers every event, in order and signed, to a real receiver that fails for a while then recovers', async () => {
  const receiver = await flakyReceiver();
  const bus = new InMemoryEventBus();
  const failures: unknown[] = [];
  const adapter = new WebhookEventAdapter({
    webhookUrl: receiver.url,
    headers: { Authorization: 'Bearer token' },
    secret: SECRET,
    retry: { maxAttempts: 6, initialDelayMs: 5, maxDelayMs: 20 },
    // long enough that no answered request times out on a loaded machine; request 2 never answers
    timeoutMs: 2000,
    bus,
    onDeliveryFailed: (error) => failures.push(error),
  });
  await adapter.start();
  const published: string[] = [];
  for (let n = 0; n < 25; n++) {
    const e =
      n === 3
        ? new RuntimeEvent({
            type: RuntimeEventType.ACTION_REQUIRED,
            jobId: 'job-1',
            data: {
              actionId: 'a1',
              actionType: 'approval',
              payload: { resumeToken: TOKEN },
              resumeToken: TOKEN,
            },
          })
        : new RuntimeEvent({ type: RuntimeEventType.PROGRESS, jobId: 'job-1', data: { progress: n / 25 } });
    published.push(e.eventId);
    await bus.publish(e);
  }
  await bus.drain();
  await adapter.stop();

  expect(failures).toEqual([]);
  expect(receiver.accepted.map((r) => r.headers['webhook-id'])).toEqual(published);
  const verifier = new Webhook(SECRET);
  for (const { body, headers } of receiver.accepted) {
    expect(headers.authorization).toBe('Bearer token');
    expect(headers['content-type']).toBe('application/json');
    const verified = verifier.verify(body, headers as Record<string, string>) as { eventId: string };
    expect(verified.eventId).toBe(headers['webhook-id']);
  }
  expect(receiver.allBodies.length).toBe(25 + 4);
  for (const body of receiver.allBodies) expect(body).not.toContain(TOKEN);
  expect(JSON.parse(receiver.accepted[3]!.body).data.payload.resumeToken).toBe('[redacted]');
});
