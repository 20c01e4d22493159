import { RuntimeEvent } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type KafkaConfigInput, KafkaEventAdapter } from './index';
import { type MockKafkaCluster, startMockKafkaCluster } from './test-support/mock-kafka-cluster';
import { readBack } from './test-support/read-back';

let cluster: MockKafkaCluster;
beforeAll(async () => {
  cluster = await startMockKafkaCluster(3);
});
afterAll(() => cluster?.stop());

it('README: the reference example, against the mock cluster', async () => {
  const eventBus = new InMemoryEventBus();
  const config: KafkaConfigInput = {
    bootstrapServers: cluster.bootstrapServers.join(','), // 'kafka:9092' in the README
    topicPrefix: 'myapp.agent',
    partitionBy: 'job_id',
    compressionType: 'gzip',
  };
  const adapter = new KafkaEventAdapter(eventBus, config);
  await adapter.start();
  for (const type of ['job.started', 'tool.start', 'action.required', 'progress', 'model.token'] as const)
    await eventBus.publish(new RuntimeEvent({ type, jobId: 'job-1' }));
  await eventBus.drain();
  await adapter.stop();
  const topics = ['job', 'tool', 'action', 'progress', 'events'].map((t) => `myapp.agent.${t}`);
  const messages = await readBack(cluster.bootstrapServers, topics, 5);
  expect(messages.map((m) => m.topic).sort()).toEqual([...topics].sort());
});
