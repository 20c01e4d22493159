import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { RuntimeEvent } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaEventAdapter } from './kafka-event-adapter';
import { type MockKafkaCluster, startMockKafkaCluster } from './test-support/mock-kafka-cluster';
import { readBack } from './test-support/read-back';

let cluster: MockKafkaCluster;
beforeAll(async () => {
  cluster = await startMockKafkaCluster(1);
});
afterAll(() => cluster?.stop());

const EVENTS = 10_000;
const CATEGORIES = ['job', 'tool', 'action', 'progress', 'events'];
let run = 0;

function setup() {
  const topicPrefix = `stop${Date.now()}x${run++}`;
  const bus = new InMemoryEventBus({ maxQueueSize: EVENTS });
  const published: string[] = [];
  void bus.subscribe((event) => void published.push(event.eventId));
  const adapter = new KafkaEventAdapter(
    bus,
    {
      bootstrapServers: cluster.bootstrapServers,
      topicPrefix,
      lingerMs: 5,
      batchSize: 1_000_000,
      maxBufferedEvents: 2 * EVENTS,
    },
    { logger: { warn: () => {} } },
  );
  return { bus, adapter, published, topics: CATEGORIES.map((c) => `${topicPrefix}.${c}`) };
}

/** Event ids published on the bus that never reached Kafka (reading until `expected` messages arrived). */
async function lostIds(
  topics: string[],
  published: string[],
  expected = published.length,
): Promise<string[]> {
  const messages = await readBack(cluster.bootstrapServers, topics, expected, 15_000, { partial: true });
  const exported = new Set(messages.map((m) => (JSON.parse(m.value) as { eventId: string }).eventId));
  return published.filter((id) => !exported.has(id));
}

describe('KafkaEventAdapter.stop() loses no event published before it', () => {
  it(`exports all ${EVENTS} events published on the bus just before stop()`, async () => {
    const { bus, adapter, published, topics } = setup();
    await adapter.start();
    for (let i = 0; i < EVENTS; i++)
      await bus.publish(
        new RuntimeEvent({ type: 'progress', jobId: `job-${i % 20}`, data: { progress: i } }),
      );
    await adapter.stop();
    await bus.drain();

    expect(published).toHaveLength(EVENTS);
    expect(adapter.stats).toMatchObject({ delivered: EVENTS, buffered: 0, dropped: 0 });
    expect((await lostIds(topics, published)).length, 'events lost').toBe(0);
  }, 60_000);

  it(`exports every event of kernel jobs (>= ${EVENTS}) after kernel.shutdown()`, async () => {
    const { bus, adapter, published, topics } = setup();
    const kernel = kernelWritingEvents(bus, 20, 500);
    await adapter.start();
    const results = await startJobs(kernel, 20);
    await kernel.shutdown();
    expect(await results).toEqual(Array(20).fill('succeeded'));
    await adapter.stop();
    await bus.drain();

    expect(published.length).toBeGreaterThanOrEqual(EVENTS);
    expect(adapter.stats).toMatchObject({ delivered: published.length, buffered: 0, dropped: 0 });
    expect((await lostIds(topics, published)).length, 'events lost').toBe(0);
  }, 60_000);
});

describe('KafkaEventAdapter counts what it loses', () => {
  it('counts the events the bus dropped for it (its queue was full) and warns once', async () => {
    const topicPrefix = `drop${Date.now()}x${run++}`;
    const bus = new InMemoryEventBus({ maxQueueSize: 10 });
    const warnings: string[] = [];
    const adapter = new KafkaEventAdapter(
      bus,
      { bootstrapServers: cluster.bootstrapServers, topicPrefix, lingerMs: 5 },
      { logger: { warn: (message: string) => void warnings.push(message) } },
    );
    await adapter.start();
    const published = Array.from(
      { length: 100 },
      (_, i) => new RuntimeEvent({ type: 'progress', data: { progress: i } }),
    );
    await Promise.all(published.map((event) => bus.publish(event))); // faster than any subscriber: overflow
    await adapter.stop();

    const { delivered, dropped } = adapter.stats;
    expect(dropped).toBeGreaterThan(0);
    expect(delivered + dropped).toBe(100);
    const topics = CATEGORIES.map((c) => `${topicPrefix}.${c}`);
    const ids = published.map((event) => event.eventId);
    expect((await lostIds(topics, ids, delivered)).length).toBe(dropped);
    expect(warnings.filter((w) => /bus queue of this exporter was full/.test(w))).toHaveLength(1);
  }, 30_000);

  it('counts what stop() gave up on at stopTimeoutMs as dropped', async () => {
    const bus = new InMemoryEventBus();
    const warnings: string[] = [];
    const down = {
      connect: async () => {},
      disconnect: async () => {},
      sendBatch: () => Promise.reject(new Error('broker unreachable')),
    };
    const adapter = new KafkaEventAdapter(
      bus,
      { lingerMs: 1, retryBackoffMs: 5, stopTimeoutMs: 50 },
      { producer: down, logger: { warn: (message: string) => void warnings.push(message) } },
    );
    await adapter.start();
    for (let i = 0; i < 20; i++)
      await bus.publish(new RuntimeEvent({ type: 'progress', data: { progress: i } }));
    await adapter.stop();

    expect(adapter.stats).toMatchObject({ delivered: 0, buffered: 0, dropped: 20 });
    expect(warnings.at(-1)).toBe('kafka export stopped with 20 undelivered events');
  });
});

/** A kernel on `bus` whose jobs each stream one answer of `words` words (one `model.token` event per word). */
function kernelWritingEvents(bus: InMemoryEventBus, jobs: number, words: number): RuntimeKernel {
  const text = Array.from({ length: words }, (_, i) => `w${i}`).join(' ');
  return RuntimeKernel.create({
    agent: scriptedDriver(Array.from({ length: jobs }, () => ({ text }))),
    eventBus: bus,
  });
}

/** Starts `jobs` jobs; resolves with the promise of their final statuses. */
async function startJobs(kernel: RuntimeKernel, jobs: number): Promise<Promise<string[]>> {
  const handles = await Promise.all(
    Array.from({ length: jobs }, (_, i) => kernel.execute({ prompt: `job ${i}`, scopeId: 'tenant-1' })),
  );
  return Promise.all(handles.map(async (handle) => (await handle.result()).status));
}
