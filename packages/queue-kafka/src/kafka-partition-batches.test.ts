import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { kafkaConfig } from './kafka-config';
import { KafkaEventAdapter } from './kafka-event-adapter';
import { createKafkaJsProducer, type KafkaProducerLike } from './kafka-producer';
import { type MockKafkaCluster, startMockKafkaCluster } from './test-support/mock-kafka-cluster';
import { readBack } from './test-support/read-back';

let cluster: MockKafkaCluster;
beforeAll(async () => {
  cluster = await startMockKafkaCluster(3);
});
afterAll(() => cluster?.stop());

const JOBS = 20;
const PER_JOB = 30;
const BATCH_SIZE = 2_000;

/** The adapter's own KafkaJS producer, recording each send's bytes per partition as the adapter counts them. */
async function recordingProducer(bootstrapServers: string[]) {
  const producer = await createKafkaJsProducer(kafkaConfig({ bootstrapServers }));
  const sends: { total: number; byPartition: Map<string, number> }[] = [];
  const recording: KafkaProducerLike = {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    partitionOf: (topic, key) => producer.partitionOf!(topic, key),
    sendBatch: (batch) => {
      const send = { total: 0, byPartition: new Map<string, number>() };
      for (const { topic, messages } of batch.topicMessages)
        for (const { key, value } of messages) {
          const partition = `${topic}:${producer.partitionOf!(topic, key)}`;
          const bytes = value.length + (key?.length ?? 0);
          send.byPartition.set(partition, (send.byPartition.get(partition) ?? 0) + bytes);
          send.total += bytes;
        }
      sends.push(send);
      return producer.sendBatch(batch);
    },
  };
  return { producer: recording, sends };
}

const token = (job: number, step: number) =>
  new RuntimeEvent({
    type: RuntimeEventType.MODEL_TOKEN,
    jobId: `job-${job}`,
    data: { step, delta: 'x'.repeat(40) },
  });

it('fills a batch per partition, batchSize bytes each, once the producer has shown the topic’s partitions', async () => {
  const topicPrefix = `partitions${Date.now()}`;
  const { producer, sends } = await recordingProducer(cluster.bootstrapServers);
  const bus = new InMemoryEventBus({ maxQueueSize: JOBS * PER_JOB + 1 });
  const adapter = new KafkaEventAdapter(
    bus,
    { bootstrapServers: cluster.bootstrapServers, topicPrefix, batchSize: BATCH_SIZE, lingerMs: 50 },
    { producer, logger: { warn: () => {} } },
  );
  await adapter.start();
  await bus.publish(token(0, -1)); // the first send shows the topic's partitions
  await vi.waitFor(() => expect(adapter.stats.delivered).toBe(1), { timeout: 10_000 });
  sends.length = 0;
  for (let step = 0; step < PER_JOB; step++)
    for (let job = 0; job < JOBS; job++) await bus.publish(token(job, step));
  await bus.drain();
  await adapter.stop();

  expect(adapter.stats).toMatchObject({ delivered: JOBS * PER_JOB + 1, dropped: 0 });
  for (const send of sends)
    for (const bytes of send.byPartition.values()) expect(bytes).toBeLessThanOrEqual(BATCH_SIZE);
  // more than one partition's full batch in one send (a send capped at batchSize in all never is)
  expect(Math.max(...sends.map((send) => send.total))).toBeGreaterThan(BATCH_SIZE * 1.5);
  const messages = await readBack(cluster.bootstrapServers, [`${topicPrefix}.events`], JOBS * PER_JOB + 1);
  for (const m of messages) expect(m.partition).toBe(producer.partitionOf!(m.topic, m.key));
  const stepsByJob = new Map<string, number[]>();
  for (const m of messages)
    stepsByJob.set(m.key!, [...(stepsByJob.get(m.key!) ?? []), JSON.parse(m.value).data.step]);
  for (const [job, steps] of stepsByJob)
    expect(steps).toEqual(
      job === 'job-0'
        ? [-1, ...Array.from({ length: PER_JOB }, (_, i) => i)]
        : Array.from({ length: PER_JOB }, (_, i) => i),
    );
});
