import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KafkaEventAdapter } from './kafka-event-adapter';
import type { KafkaProducerLike } from './kafka-producer';
import { type MockKafkaCluster, startMockKafkaCluster } from './test-support/mock-kafka-cluster';
import { readBack } from './test-support/read-back';

let cluster: MockKafkaCluster;
beforeAll(async () => {
  cluster = await startMockKafkaCluster(3);
});
afterAll(() => cluster?.stop());

const JOBS = 20;
const PER_JOB = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real KafkaJS producer whose sends each start after a random pause (0–15 ms), so two batches of one key in
 * flight at once would often land out of order; records how many sends overlapped at most.
 */
function jitteryProducer() {
  const producer = new Kafka({
    clientId: 'test-in-flight',
    brokers: cluster.bootstrapServers,
    logLevel: logLevel.NOTHING,
  }).producer({
    allowAutoTopicCreation: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const sends = { inFlight: 0, maxInFlight: 0 };
  const wrapped: KafkaProducerLike = {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    sendBatch: async (batch) => {
      sends.maxInFlight = Math.max(sends.maxInFlight, ++sends.inFlight);
      try {
        await sleep(Math.random() * 15);
        return await producer.sendBatch(batch);
      } finally {
        sends.inFlight--;
      }
    },
  };
  return { producer: wrapped, sends };
}

function tokenEvents(): RuntimeEvent[] {
  const events: RuntimeEvent[] = [];
  for (let seq = 0; seq < PER_JOB; seq++)
    for (let job = 0; job < JOBS; job++)
      events.push(
        new RuntimeEvent({
          type: RuntimeEventType.MODEL_TOKEN,
          jobId: `job-${job}`,
          data: { step: seq, delta: 'x' },
        }),
      );
  return events;
}

it('keeps per-key order with several batches in flight, and stop() drains them all', async () => {
  const topicPrefix = `inflight${Date.now()}`;
  const bus = new InMemoryEventBus({ maxQueueSize: JOBS * PER_JOB });
  const { producer, sends } = jitteryProducer();
  const adapter = new KafkaEventAdapter(
    bus,
    {
      bootstrapServers: cluster.bootstrapServers,
      topicPrefix,
      batchSize: 1_000,
      lingerMs: 1,
      maxInFlightRequests: 5,
    },
    { producer, logger: { warn: () => {} } },
  );
  await adapter.start();
  for (const event of tokenEvents()) await bus.publish(event);
  await bus.drain();
  await adapter.stop();

  expect(adapter.stats).toMatchObject({ delivered: JOBS * PER_JOB, buffered: 0, dropped: 0 });
  expect(sends.maxInFlight).toBeGreaterThan(1);
  expect(sends.maxInFlight).toBeLessThanOrEqual(adapter.config.maxInFlightRequests);
  const messages = await readBack(cluster.bootstrapServers, [`${topicPrefix}.events`], JOBS * PER_JOB);
  const seqsByJob = new Map<string, number[]>();
  for (const { key, value } of messages)
    seqsByJob.set(key!, [...(seqsByJob.get(key!) ?? []), (JSON.parse(value).data as { step: number }).step]);
  expect(seqsByJob.size).toBe(JOBS);
  for (const seqs of seqsByJob.values()) expect(seqs).toEqual(Array.from({ length: PER_JOB }, (_, i) => i));
});
