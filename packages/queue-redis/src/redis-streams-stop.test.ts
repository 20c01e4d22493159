import { scriptedDriver } from '@agent-runtime/ai-sdk/test';
import { RuntimeEvent } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStreamsAdapter } from './redis-streams-adapter';
import { connectTestRedis, type TestRedis } from './test-redis';

const EVENTS = 10_000;
const STREAMS = ['job', 'tool', 'action', 'progress', 'all'];
let redis: TestRedis;
let run = 0;

beforeAll(async () => {
  redis = await connectTestRedis('queue-redis-stop');
});
afterAll(async () => {
  await redis?.cleanup();
});

function setup() {
  const bus = new InMemoryEventBus({ maxQueueSize: EVENTS });
  const published: string[] = [];
  void bus.subscribe((event) => void published.push(event.eventId));
  const adapter = new RedisStreamsAdapter(
    redis.client,
    bus,
    {
      streamPrefix: `${redis.prefix}:${run++}`,
      approximateTrim: false,
    },
    { maxBufferedEvents: 2 * EVENTS },
  );
  return { bus, adapter, published };
}

/** Event ids published on the bus that are in none of the adapter's streams. */
async function lostIds(adapter: RedisStreamsAdapter, published: string[]): Promise<string[]> {
  const stored = new Set<string>();
  for (const name of STREAMS)
    for (const event of await adapter.readRange(`${adapter.config.streamPrefix}:${name}`))
      stored.add(event.eventId);
  return published.filter((id) => !stored.has(id));
}

describe('RedisStreamsAdapter.stop() loses no event published before it', () => {
  it(`appends all ${EVENTS} events published on the bus just before stop()`, async () => {
    const { bus, adapter, published } = setup();
    await adapter.start();
    for (let i = 0; i < EVENTS; i++)
      await bus.publish(new RuntimeEvent({ type: 'progress', jobId: `job-${i % 20}`, data: { i } }));
    await adapter.stop();
    await bus.drain();

    expect(published).toHaveLength(EVENTS);
    expect((await lostIds(adapter, published)).length, 'events lost').toBe(0);
  }, 30_000);

  it(`appends every event of kernel jobs (>= ${EVENTS}) after kernel.shutdown()`, async () => {
    const { bus, adapter, published } = setup();
    const kernel = kernelWritingEvents(bus, 20, 500);
    await adapter.start();
    const results = await startJobs(kernel, 20);
    await kernel.shutdown();
    expect(await results).toEqual(Array(20).fill('succeeded'));
    await adapter.stop();
    await bus.drain();

    expect(published.length).toBeGreaterThanOrEqual(EVENTS);
    expect((await lostIds(adapter, published)).length, 'events lost').toBe(0);
  }, 30_000);
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
