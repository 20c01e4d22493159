import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { type KafkaConfigInput, KafkaEventAdapter, kafkaConfig } from '@agent-runtime/queue-kafka';
import type { Benchmark } from './benchmark';
import { measure, percentile, type Row } from './harness';
import { startMockKafkaCluster } from './kafka-export/mock-kafka-cluster';

type Setting = Required<
  Pick<KafkaConfigInput, 'batchSize' | 'lingerMs' | 'compressionType' | 'maxInFlightRequests'>
>;

const { batchSize, lingerMs, compressionType, maxInFlightRequests } = kafkaConfig();

/** The settings compared side by side; the first is the adapter's default (read from it, so it cannot drift). */
const SETTINGS: readonly Setting[] = [
  { batchSize, lingerMs, compressionType, maxInFlightRequests },
  { batchSize: 16_384, lingerMs: 10, compressionType: 'gzip', maxInFlightRequests: 5 },
  { batchSize: 16_384, lingerMs: 10, compressionType: 'none', maxInFlightRequests: 5 },
  { batchSize: 1_024, lingerMs: 0, compressionType: 'none', maxInFlightRequests: 5 },
  { batchSize: 262_144, lingerMs: 10, compressionType: 'none', maxInFlightRequests: 5 },
  { batchSize: 262_144, lingerMs: 10, compressionType: 'none', maxInFlightRequests: 1 },
  { batchSize: 1_048_576, lingerMs: 50, compressionType: 'none', maxInFlightRequests: 5 },
];

const JOBS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tokenEvents(count: number): RuntimeEvent[] {
  return Array.from(
    { length: count },
    (_, n) =>
      new RuntimeEvent({
        type: RuntimeEventType.MODEL_TOKEN,
        jobId: `job-${n % JOBS}`,
        scopeId: 'tenant-bench',
        data: { step: 1, delta: `token ${n} ` },
      }),
  );
}

/** Publishes every event and waits until the adapter has had all of them acknowledged by the brokers. */
async function exportAll(bus: InMemoryEventBus, adapter: KafkaEventAdapter, events: RuntimeEvent[]) {
  const target = adapter.stats.delivered + events.length;
  const deadline = performance.now() + 120_000;
  for (const event of events) await bus.publish(event);
  await bus.drain();
  while (adapter.stats.delivered < target) {
    if (performance.now() > deadline)
      throw new Error(`kafka export stalled: ${JSON.stringify(adapter.stats)}`);
    await sleep(1);
  }
}

async function measureSetting(bootstrapServers: string, setting: Setting, smoke: boolean, index: number) {
  const count = smoke ? 2_000 : 50_000;
  const plan = smoke ? { warmup: 1, iterations: 1 } : { warmup: 1, iterations: 5 };
  const events = tokenEvents(count);
  const bus = new InMemoryEventBus({ maxQueueSize: count });
  const adapter = new KafkaEventAdapter(bus, {
    ...setting,
    bootstrapServers,
    topicPrefix: `bench${index}`,
    maxBufferedEvents: count,
  });
  await adapter.start();
  const cpuMs: number[] = [];
  try {
    const m = await measure(async () => {
      const start = process.cpuUsage();
      await exportAll(bus, adapter, events);
      const used = process.cpuUsage(start);
      cpuMs.push((used.user + used.system) / 1000);
    }, plan);
    const { dropped, failedSends } = adapter.stats;
    if (dropped > 0) throw new Error(`kafka export dropped ${dropped} events`);
    const cpuMsPer10k = (percentile(cpuMs.slice(plan.warmup), 0.5) * 10_000) / count;
    return { m, count, failedSends, cpuMsPer10k };
  } finally {
    await adapter.stop();
    await bus.close();
  }
}

export const kafkaExport: Benchmark = {
  name: 'kafka-export',
  async run({ smoke }) {
    const cluster = await startMockKafkaCluster(3);
    const rows: Row[] = [];
    try {
      for (const [index, setting] of SETTINGS.entries()) {
        const { m, count, failedSends, cpuMsPer10k } = await measureSetting(
          cluster.bootstrapServers,
          setting,
          smoke,
          index,
        );
        rows.push({
          'batchSize, bytes': setting.batchSize,
          lingerMs: setting.lingerMs,
          compression: setting.compressionType,
          'in flight': setting.maxInFlightRequests,
          'events per run': count,
          'median ms': Number(m.medianMs.toFixed(1)),
          'events/s': Math.round((count * 1000) / m.medianMs),
          'CPU ms per 10k events': Number(cpuMsPer10k.toFixed(1)),
          'failed sends': failedSends,
        });
      }
    } finally {
      await cluster.stop();
    }
    return {
      title: 'Event export: KafkaEventAdapter → librdkafka mock cluster (3 brokers)',
      rows,
      notes: [
        `model.token events over ${JOBS} job ids (the message key), acks=all. In flight = maxInFlightRequests: the keys are spread over that many lanes, one batch in flight each, so per-key order holds.`,
        'Timed from the first publish on the in-memory bus until the brokers acknowledged every event (adapter stats.delivered).',
        'CPU ms per 10k events: this process (all its threads: main, zlib thread pool, GC helpers; not the kcat broker), median iteration; load changes it less than events/s.',
        'The mock cluster is librdkafka’s (kcat -X test.mock.num.brokers=3): the Kafka protocol over loopback TCP, no disk, so this measures the adapter and KafkaJS, not a real broker.',
        `First row = the adapter’s defaults, read from kafkaConfig() (batchSize ${batchSize}, lingerMs ${lingerMs}, ${compressionType}, ${maxInFlightRequests} in flight); the second = 16 KiB, linger 10, gzip with 5 in flight.`,
      ],
    };
  },
};
