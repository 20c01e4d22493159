import { Partitioners } from 'kafkajs';
import { expect, it } from 'vitest';
import { type KafkaJsPartitioner, KnownPartitions } from './known-partitions';

const metadata = (count: number) =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: partitionId % 3 }));

it('knows a keyed message’s partition once the producer has partitioned a message of its topic', () => {
  const partitioner = Partitioners.DefaultPartitioner() as KafkaJsPartitioner;
  const known = new KnownPartitions(Partitioners.DefaultPartitioner() as KafkaJsPartitioner);
  expect(known.partitionOf('t', 'job-1')).toBeUndefined();
  known.record({ topic: 't', partitionMetadata: metadata(8), message: { key: 'job-0' } });
  const keys = Array.from({ length: 50 }, (_, i) => `job-${i}`);
  const predicted = keys.map((key) => known.partitionOf('t', key));
  expect(predicted).toEqual(
    keys.map((key) => partitioner({ topic: 't', partitionMetadata: metadata(8), message: { key } })),
  );
  expect(new Set(predicted).size).toBeGreaterThan(1);
  expect(known.partitionOf('other', 'job-1')).toBeUndefined();
  expect(known.partitionOf('t', null)).toBeUndefined(); // a keyless message goes round-robin
});
