import { RuntimeEvent } from '@agent-runtime/core';
import { startWebhookReceiver, type WebhookReceiver } from '@agent-runtime/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryEventBus } from './in-memory-event-bus';
import { SSEEventAdapter } from './sse-event-adapter';
import { WebhookEventAdapter } from './webhook-event-adapter';

const EVENTS = 10_000;

let open: WebhookReceiver | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

/** A real HTTP receiver (closed after the test) recording the `webhook-id` of every request it accepts. */
async function receiver(): Promise<WebhookReceiver> {
  open = await startWebhookReceiver();
  return open;
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
    await bus.publish(
      new RuntimeEvent({ type: 'progress', jobId: `job-${i % 20}`, data: { progress: i / EVENTS } }),
    );
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
  }, 120_000); // 10,000 POSTs one at a time: about 30 s on a loaded 2-core machine

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

describe('the adapters count and report what they lose', () => {
  const burst = () =>
    Array.from({ length: 50 }, (_, i) => new RuntimeEvent({ type: 'progress', data: { progress: i / 50 } }));

  it('WebhookEventAdapter counts bus overflow and given-up deliveries in stats.dropped, warning once', async () => {
    const { url, ids } = await receiver();
    const bus = new InMemoryEventBus({ maxQueueSize: 5 });
    const warnings: string[] = [];
    const adapter = new WebhookEventAdapter({
      webhookUrl: url,
      bus,
      maxQueueSize: 1,
      logger: { warn: (message: string) => void warnings.push(message) },
    });
    await adapter.start();
    await Promise.all(burst().map((event) => bus.publish(event))); // far faster than HTTP: overflow
    await adapter.stop();

    const { delivered, dropped } = adapter.stats;
    expect(dropped).toBeGreaterThan(0);
    expect(delivered + dropped).toBe(50);
    expect(ids).toHaveLength(delivered);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/the bus queue of this exporter was full/);

    const refusing = new WebhookEventAdapter({
      webhookUrl: 'http://127.0.0.1:9/hook',
      retry: { maxAttempts: 1 },
      onDeliveryFailed: () => {},
    });
    for (const event of burst().slice(0, 3)) await refusing.adapt(event);
    await refusing.stop();
    expect(refusing.stats).toMatchObject({ delivered: 0, dropped: 3, pending: 0 });
  });

  it('SSEEventAdapter counts the frames a lagging connection lost, warning once per connection', async () => {
    const warnings: string[] = [];
    const adapter = new SSEEventAdapter({
      heartbeatIntervalMs: 0,
      maxQueueSize: 2,
      logger: { warn: (message: string) => void warnings.push(message) },
    });
    const connection = adapter.events(); // read only after stop: it falls behind
    for (const event of burst().slice(0, 5)) await adapter.adapt(event);
    await adapter.stop();

    expect(await collectIds(connection)).toHaveLength(2);
    expect(adapter.stats.dropped).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^SSE export: 1 events dropped: connection 1 fell 2 frames behind/);
  });
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
