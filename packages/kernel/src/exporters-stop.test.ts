import { InMemoryEventBus, SSEEventAdapter, WebhookEventAdapter } from '@agent-runtime/events';
import { startWebhookReceiver, type WebhookReceiver } from '@agent-runtime/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';
import { scriptedKernel } from './test-helpers';

// The with-kernel variants of events' stop tests (events cannot depend on the kernel, even for tests).
const MIN_EVENTS = 10_000;
const JOBS = 20;

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

/** A kernel whose JOBS jobs stream 500 words each (over MIN_EVENTS events), on a bus counting what it carries. */
function busyKernel() {
  const bus = new InMemoryEventBus({ maxQueueSize: 2 * MIN_EVENTS });
  const published: string[] = [];
  void bus.subscribe((event) => void published.push(event.eventId));
  const text = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
  const { kernel } = scriptedKernel(
    Array.from({ length: JOBS }, () => ({ text })),
    { kernel: { eventBus: bus } },
  );
  const runAndShutdown = async () => {
    const handles = await Promise.all(
      Array.from({ length: JOBS }, (_, i) => kernel.execute({ prompt: `job ${i}`, scopeId: 'tenant-1' })),
    );
    await kernel.shutdown();
    for (const handle of handles) expect((await handle.result()).status).toBe('succeeded');
  };
  return { bus, published, runAndShutdown };
}

function missing(published: string[], exported: Iterable<string>): number {
  const seen = new Set(exported);
  return published.filter((id) => !seen.has(id)).length;
}

describe('exporters lose no kernel event when stopped after kernel.shutdown()', () => {
  it('WebhookEventAdapter', async () => {
    const { url, ids } = await receiver();
    const { bus, published, runAndShutdown } = busyKernel();
    const adapter = new WebhookEventAdapter({ webhookUrl: url, bus });
    await adapter.start();
    await runAndShutdown();
    await adapter.stop();
    await bus.drain();

    expect(published.length).toBeGreaterThanOrEqual(MIN_EVENTS);
    expect(missing(published, ids), 'events lost').toBe(0);
  }, 120_000); // 10,000 POSTs one at a time: about 30 s on a loaded 2-core machine

  it('SSEEventAdapter', async () => {
    const { bus, published, runAndShutdown } = busyKernel();
    const adapter = new SSEEventAdapter({ bus, heartbeatIntervalMs: 0, maxQueueSize: 2 * MIN_EVENTS });
    await adapter.start();
    const frames = (async () => {
      const ids: string[] = [];
      for await (const frame of adapter.events()) ids.push(/^id: (.+)$/m.exec(frame)?.[1] ?? '');
      return ids;
    })();
    await runAndShutdown();
    await adapter.stop();
    await bus.drain();

    expect(published.length).toBeGreaterThanOrEqual(MIN_EVENTS);
    expect(missing(published, await frames), 'events lost').toBe(0);
  }, 30_000);
});
