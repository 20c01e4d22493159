import { ValidationError } from '@agent-runtime/core';
import { expect, it } from 'vitest';
import { kafkaConfig } from './kafka-config';

it('defaults to the reference configuration', () => {
  expect(kafkaConfig()).toMatchObject({
    bootstrapServers: ['localhost:9092'],
    topicPrefix: 'agent-runtime',
    defaultTopic: 'events',
    partitionBy: 'job_id',
    acks: 'all',
    compressionType: 'gzip',
    batchSize: 16384,
    lingerMs: 10,
    maxInFlightRequests: 1,
  });
});

it('splits a comma-separated bootstrap list', () => {
  expect(kafkaConfig({ bootstrapServers: 'a:9092, b:9092' }).bootstrapServers).toEqual(['a:9092', 'b:9092']);
  expect(kafkaConfig({ bootstrapServers: ['c:1'] }).bootstrapServers).toEqual(['c:1']);
});

it.each([
  [{ partitionBy: 'tenant' }, 'config.partitionBy'],
  [{ acks: 2 }, 'config.acks'],
  [{ compressionType: 'brotli' }, 'config.compressionType'],
  [{ batchSize: 0 }, 'config.batchSize'],
  [{ lingerMs: -1 }, 'config.lingerMs'],
  [{ maxInFlightRequests: 0 }, 'config.maxInFlightRequests'],
  [{ bootstrapServers: [] }, 'config.bootstrapServers'],
  [{ topic_prefix: 'x' }, 'config'],
])('rejects %j naming %s', (input, field) => {
  try {
    kafkaConfig(input as never);
    expect.unreachable();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe(field);
  }
});
