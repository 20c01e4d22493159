import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RuntimeEvent } from '@agent-runtime/core';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryEventBus } from './in-memory-event-bus';
import { SSEEventAdapter } from './sse-event-adapter';
import { WebhookEventAdapter } from './webhook-event-adapter';

const EVENTS = 10_000;

let server: Server | undefined;
afterEach(async () => {
  const open = server;
  server = undefined;
  open?.closeAllConnections();
  if (open) await new Promise((resolve) => open.close(resolve));
});

/** A real HTTP receiver recording the `webhook-id` of every request it accepts. */
function receiver(): Promise<{ url: string; ids: string[] }> {
  const ids: string[] = [];
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id']));
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server!.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`, ids }),
    ),
  );
}

/** A bus whose queues hold the whole burst, and the ids of every event published on it. */
function countingBus() {
  const bus = new InMemoryEventBus({ maxQueueSize: EVENTS });
  const published: string[] = [];
  void bus.subscribe((event) => void published.push(event.eventId));
  return { bus, published };
}

async function publishBurst(bus: InMemoryEventBus): Promise<void> {
  for (let i = 0; i < EVENTS; i++)
    await bus.publish(new RuntimeEvent({ type: 'progress', jobId: `job-${i % 20}`, data: { i } }));
}

function missing(published: string[], exported: Iterable<string>): number {
  const seen = new Set(exported);
  return published.filter((id) => !seen.has(id)).length;
}

describe('stop() loses no event published before it', () => {
  it(`WebhookEventAdapter delivers all ${EVENTS} events to a real receiver`, async () => {
    const { url, ids } = await receiver();
    const { bus, published } = countingBus();
    const adapter = new WebhookEventAdapter({ webhookUrl: url, bus });
    await adapter.start();
    await publishBurst(bus);
    await adapter.stop();
    await bus.drain();

    expect(published).toHaveLength(EVENTS);
    expect(missing(published, ids), 'events lost').toBe(0);
    expect(adapter.stats).toMatchObject({ delivered: EVENTS, dropped: 0, pending: 0 });
  }, 60_000);

  it(`SSEEventAdapter ends every connection after all ${EVENTS} frames`, async () => {
    const { bus, published } = countingBus();
    const adapter = new SSEEventAdapter({ bus, heartbeatIntervalMs: 0, maxQueueSize: EVENTS });
    await adapter.start();
    const frames = collectIds(adapter.events());
    await publishBurst(bus);
    await adapter.stop();
    await bus.drain();

    expect(published).toHaveLength(EVENTS);
    expect(missing(published, await frames), 'events lost').toBe(0);
    expect(adapter.stats).toMatchObject({ dropped: 0 });
  }, 30_000);
});

/** The event ids of a connection's frames, once it ends. */
async function collectIds(frames: AsyncIterable<string>): Promise<string[]> {
  const ids: string[] = [];
  for await (const frame of frames) {
    const id = /^id: (.+)$/m.exec(frame)?.[1];
    if (id) ids.push(id);
  }
  return ids;
}
