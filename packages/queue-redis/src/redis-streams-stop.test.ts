import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { RuntimeEvent } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisStreamsAdapter } from './redis-streams-adapter';

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
      await bus.publish(
        new RuntimeEvent({ type: 'progress', jobId: `job-${i % 20}`, data: { progress: i } }),
      );
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

describe('RedisStreamsAdapter batches and survives a dropped connection', () => {
  it(`appends ${EVENTS} events in batches, not one round trip per event`, async () => {
    const { bus, adapter, published } = setup();
    const transactions = vi.spyOn(redis.client, 'multi');
    const single = vi.spyOn(redis.client, 'xadd');
    await adapter.start();
    for (let i = 0; i < EVENTS; i++)
      await bus.publish(new RuntimeEvent({ type: 'progress', data: { progress: i } }));
    await adapter.stop();
    await bus.drain();

    expect((await lostIds(adapter, published)).length, 'events lost').toBe(0);
    expect(single).not.toHaveBeenCalled();
    expect(transactions.mock.calls.length).toBeLessThanOrEqual(EVENTS / 100);
    transactions.mockRestore();
    single.mockRestore();
  }, 30_000);

  it('keeps events through a killed connection, appends them once it is back, and warns once', async () => {
    const client = failFastClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', () => 20);
    await client.connect();
    const clientId = await client.client('ID');
    const { bus, adapter, warnings } = adapterOn(client, { retryBackoffMs: 10 });
    await adapter.start();
    const published: string[] = [];
    const publish = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const event = new RuntimeEvent({ type: 'job.started', jobId: `job-${i}` });
        published.push(event.eventId);
        await bus.publish(event);
      }
    };
    await publish(100);
    await adapter.flush();
    await redis.client.client('KILL', 'ID', String(clientId));
    await publish(100); // while the connection is down
    await vi.waitFor(() => expect(adapter.stats.buffered).toBe(0), { timeout: 10_000 });
    await publish(100);
    await adapter.stop();

    expect(adapter.stats).toMatchObject({ delivered: 300, dropped: 0, buffered: 0 });
    expect((await lostIds(adapter, published)).length, 'events lost').toBe(0);
    const failing = warnings.filter((w) => /export failing/.test(w));
    expect(failing, 'one warning per outage').toHaveLength(1);
    expect(warnings.at(-1)).toBe('redis streams export recovered');
    client.disconnect();
  }, 30_000);

  it('refuses bad adapter options with ValidationError naming the field', () => {
    expect(
      () => new RedisStreamsAdapter(redis.client, new InMemoryEventBus(), {}, { maxBatchSize: 0 }),
    ).toThrow(expect.objectContaining({ name: 'ValidationError', field: 'options.maxBatchSize' }));
    expect(
      () => new RedisStreamsAdapter(redis.client, new InMemoryEventBus(), {}, { logger: {} as Console }),
    ).toThrow(expect.objectContaining({ field: 'options.logger' }));
  });

  it('gives up at stopTimeoutMs on what Redis never took, counting it in stats.dropped', async () => {
    const client = failFastClient('redis://127.0.0.1:1', () => null);
    const { bus, adapter, warnings } = adapterOn(client, { retryBackoffMs: 5, stopTimeoutMs: 50 });
    await adapter.start();
    for (let i = 0; i < 20; i++)
      await bus.publish(new RuntimeEvent({ type: 'progress', data: { progress: i } }));
    await adapter.stop();

    expect(adapter.stats).toMatchObject({ delivered: 0, dropped: 20, buffered: 0 });
    expect(warnings.filter((w) => /20 events dropped: the adapter stopped/.test(w))).toHaveLength(1);
    client.disconnect();
  });
});

/** A client of its own whose commands fail at once while it is disconnected (no offline queue, no retry). */
function failFastClient(url: string, retryStrategy: () => number | null): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy,
  });
  client.on('error', () => {}); // connection errors are expected: the adapter's retries are what is tested
  return client;
}

function adapterOn(client: Redis, options: { retryBackoffMs: number; stopTimeoutMs?: number }) {
  const bus = new InMemoryEventBus();
  const warnings: string[] = [];
  const adapter = new RedisStreamsAdapter(
    client,
    bus,
    { streamPrefix: `${redis.prefix}:${run++}` },
    { ...options, logger: { warn: (message: string) => void warnings.push(message) } },
  );
  return { bus, adapter, warnings };
}

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
