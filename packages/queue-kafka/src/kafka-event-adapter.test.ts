import { RuntimeEvent, type RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KafkaConfigInput } from './kafka-config';
import { KafkaEventAdapter } from './kafka-event-adapter';
import type { KafkaProducerLike } from './kafka-producer';
import { type MockKafkaCluster, startMockKafkaCluster } from './test-support/mock-kafka-cluster';
import { readBack } from './test-support/read-back';
import { TcpProxy } from './test-support/tcp-proxy';

let cluster: MockKafkaCluster;
beforeAll(async () => {
  cluster = await startMockKafkaCluster(3);
});
afterAll(() => cluster?.stop());

const CATEGORIES = ['job', 'tool', 'action', 'progress', 'events'];
let run = 0;
/** Each test gets its own topic prefix so read-backs see only their own messages. */
function setup(
  config: KafkaConfigInput = {},
  options: ConstructorParameters<typeof KafkaEventAdapter>[2] = {},
) {
  const topicPrefix = `t${Date.now()}x${run++}`;
  const bus = new InMemoryEventBus();
  const logger = { warn: vi.fn() };
  const adapter = new KafkaEventAdapter(
    bus,
    { bootstrapServers: cluster.bootstrapServers, topicPrefix, ...config },
    { logger, ...options },
  );
  const topics = CATEGORIES.map((c) => `${topicPrefix}.${c}`);
  return { bus, adapter, logger, topics, topicPrefix };
}

/** A real KafkaJS producer, counting the batches it is given and failing the first `failures` of them. */
function countingProducer(failures = 0) {
  const producer = new Kafka({
    clientId: 'test',
    brokers: cluster.bootstrapServers,
    logLevel: logLevel.NOTHING,
  }).producer({
    allowAutoTopicCreation: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const calls = { batches: 0, failed: 0, connects: 0, disconnects: 0 };
  const wrapped: KafkaProducerLike = {
    connect: () => {
      calls.connects++;
      return producer.connect();
    },
    disconnect: () => {
      calls.disconnects++;
      return producer.disconnect();
    },
    sendBatch: (batch) => {
      if (calls.failed < failures) {
        calls.failed++;
        return Promise.reject(new Error('broker connection lost'));
      }
      calls.batches++;
      return producer.sendBatch(batch);
    },
  };
  return { producer: wrapped, calls };
}

const TYPES: RuntimeEventType[] = [
  'job.started',
  'model.token',
  'tool.start',
  'tool.end',
  'action.required',
  'progress',
];
function jobEvents(jobs: number, perJob: number) {
  const events: RuntimeEvent[] = [];
  // every type with the same data: what an exporter carries does not depend on the shape of `data`
  const dataOf = (seq: number): Record<string, unknown> => ({ seq, resumeToken: 'never-exported' });
  for (let seq = 0; seq < perJob; seq++)
    for (let j = 0; j < jobs; j++)
      events.push(
        new RuntimeEvent({
          type: TYPES[seq % TYPES.length]!,
          jobId: `job-${j}`,
          scopeId: 'tenant-1',
          traceId: 'c'.repeat(32),
          spanId: 'd'.repeat(16),
          data: dataOf(seq),
        }),
      );
  return events;
}

async function publishAll(bus: InMemoryEventBus, events: RuntimeEvent[]) {
  for (const event of events) await bus.publish(event);
  await bus.drain();
}

function seqsByJob(messages: { key: string | null; value: string }[]) {
  const byJob = new Map<string, number[]>();
  for (const m of messages) {
    const seq = (JSON.parse(m.value).data as { seq: number }).seq;
    byJob.set(m.key!, [...(byJob.get(m.key!) ?? []), seq]);
  }
  return byJob;
}

describe('KafkaEventAdapter against a 3-broker mock cluster', () => {
  it('delivers every event to its category topic, keyed, with headers, in per-key order', async () => {
    const { bus, adapter, topics, topicPrefix } = setup({ lingerMs: 5 });
    await adapter.start();
    const events = jobEvents(5, 30);
    await publishAll(bus, events);
    await adapter.stop();
    expect(adapter.stats).toMatchObject({ delivered: 150, buffered: 0, dropped: 0 });

    const messages = await readBack(cluster.bootstrapServers, topics, 150);
    expect(messages).toHaveLength(150);
    for (const m of messages) {
      const event = RuntimeEvent.fromJSON(JSON.parse(m.value));
      expect(m.topic).toBe(
        `${topicPrefix}.${{ 'model.token': 'events' }[event.type as string] ?? event.type.split('.')[0]}`,
      );
      expect(m.key).toBe(event.jobId);
      expect(m.headers['event-type']).toBe(event.type);
      expect(m.headers.traceparent).toBe(`00-${'c'.repeat(32)}-${'d'.repeat(16)}-01`);
      expect(m.value).not.toContain('never-exported');
    }
    // The consumer reads several topics and partitions; within one topic a key's events are in publish order.
    for (const topic of topics) {
      for (const seqs of seqsByJob(messages.filter((m) => m.topic === topic)).values())
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('batches by linger time: many events, few sends', async () => {
    const { producer, calls } = countingProducer();
    const { bus, adapter, topics } = setup({ lingerMs: 200, batchSize: 1_000_000 }, { producer });
    await adapter.start();
    await publishAll(bus, jobEvents(2, 50));
    await vi.waitFor(() => expect(adapter.stats.delivered).toBe(100), { timeout: 10_000 });
    expect(calls.batches).toBeLessThanOrEqual(2);
    await adapter.stop();
    expect(await readBack(cluster.bootstrapServers, topics, 100)).toHaveLength(100);
  });

  it('batches by size: a full batch is sent at once, without waiting for the linger', async () => {
    const { producer, calls } = countingProducer();
    const { bus, adapter } = setup({ lingerMs: 60_000, batchSize: 2_000 }, { producer });
    await adapter.start();
    await publishAll(bus, jobEvents(1, 40)); // ~250 bytes each: several full batches
    await vi.waitFor(() => expect(adapter.stats.delivered).toBeGreaterThanOrEqual(32), { timeout: 10_000 });
    expect(calls.batches).toBeGreaterThanOrEqual(4);
    await adapter.stop();
    expect(adapter.stats.delivered).toBe(40);
  });

  it('survives a broker that is down at start, then delivers everything once it is up', async () => {
    const port = await TcpProxy.freePort();
    const [host, brokerPort] = cluster.bootstrapServers[0]!.split(':');
    const proxy = new TcpProxy(port, { host: host!, port: Number(brokerPort) });
    const { bus, adapter, logger, topics } = setup({
      bootstrapServers: `127.0.0.1:${port}`,
      retryBackoffMs: 50,
      maxRetryBackoffMs: 200,
    });
    const errors: unknown[] = [];
    adapter.onError((error) => errors.push(error));
    await adapter.start();
    await publishAll(bus, jobEvents(2, 10));
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(2), { timeout: 20_000 });
    expect(adapter.stats.delivered).toBe(0);
    expect(adapter.stats.buffered).toBe(20);
    expect(logger.warn).toHaveBeenCalledTimes(1); // logged once per outage, however many sends failed
    expect(logger.warn.mock.calls[0]![0]).toMatch(/kafka export failing/);

    await proxy.open();
    await vi.waitFor(() => expect(adapter.stats.delivered).toBe(20), { timeout: 30_000 });
    expect(logger.warn).toHaveBeenLastCalledWith('kafka export recovered (0 events dropped while down)');
    await adapter.stop();
    await proxy.close();
    const messages = await readBack(cluster.bootstrapServers, topics, 20);
    for (const topic of topics)
      for (const seqs of seqsByJob(messages.filter((m) => m.topic === topic)).values())
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('keeps events through failed sends mid-run and delivers them in order, reporting each failure', async () => {
    const { producer, calls } = countingProducer(3);
    const { bus, adapter, logger, topics } = setup({ lingerMs: 1, retryBackoffMs: 10 }, { producer });
    const errors: unknown[] = [];
    adapter.onError((error) => errors.push(error));
    await adapter.start();
    await publishAll(bus, jobEvents(3, 12));
    await adapter.stop();
    expect(calls.failed).toBe(3);
    expect(errors).toHaveLength(3);
    expect(logger.warn).toHaveBeenCalledTimes(2); // failing, then recovered
    expect(adapter.stats).toMatchObject({ delivered: 36, failedSends: 3, buffered: 0 });
    const messages = await readBack(cluster.bootstrapServers, topics, 36);
    for (const topic of topics)
      for (const seqs of seqsByJob(messages.filter((m) => m.topic === topic)).values())
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('bounds the buffer while the broker is away: the oldest events are dropped and counted', async () => {
    const { producer } = countingProducer(Number.POSITIVE_INFINITY);
    const { bus, adapter, logger } = setup(
      { maxBufferedEvents: 5, retryBackoffMs: 10, stopTimeoutMs: 50 },
      { producer },
    );
    await adapter.start();
    await publishAll(bus, jobEvents(1, 8));
    expect(adapter.stats).toMatchObject({ buffered: 5, dropped: 3, delivered: 0 });
    await adapter.stop();
    expect(logger.warn).toHaveBeenLastCalledWith('kafka export stopped with 5 undelivered events');
  });

  it('stop() flushes what lingers and disconnects; later events are not taken', async () => {
    const { producer, calls } = countingProducer();
    const { bus, adapter, topics } = setup({ lingerMs: 60_000 }, { producer });
    await adapter.start();
    await publishAll(bus, jobEvents(1, 3));
    expect(adapter.stats.delivered).toBe(0);
    await adapter.stop();
    expect(adapter.stats.delivered).toBe(3);
    expect(calls.disconnects).toBe(1);
    await publishAll(bus, jobEvents(1, 2));
    expect(adapter.stats.buffered).toBe(0);
    expect(await readBack(cluster.bootstrapServers, topics, 3)).toHaveLength(3);
  });
});
