import { randomUUID } from 'node:crypto';
import {
  ActionManager,
  type ActionStore,
  InMemoryActionStore,
  InMemorySignalChannel,
  type SignalChannel,
} from '@agent-runtime/actions';
import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { RedisStreamsAdapter } from '@agent-runtime/queue-redis';
import { RedisActionStore, RedisSignalChannel } from '@agent-runtime/store-redis';
import { Redis } from 'ioredis';
import type { Benchmark } from './benchmark';
import { measure, percentile, type Row } from './harness';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
/** Entries per XREADGROUP (and events per writeBatch pipeline). */
const READ_COUNT = 1000;

interface Side {
  waiter: ActionManager;
  resolver: ActionManager;
}

/**
 * One wake-up: an action is required, a waiter blocks on it, then (after `settleMs`) it is resolved. The sample
 * is the time from the `resolve` call to the waiter's continuation running.
 */
async function wakeUpLatency({ waiter, resolver }: Side, settleMs: number): Promise<number> {
  const action = await resolver.requireAction({ jobId: 'job-bench', type: 'confirm' });
  let wokeAt = 0;
  const waiting = waiter.waitForResolution(action.actionId, { timeoutSeconds: 30 }).then(() => {
    wokeAt = performance.now();
  });
  await tick(settleMs);
  const resolvedAt = performance.now();
  await resolver.resolve({ resumeToken: action.resumeToken!, resolution: { approved: true } });
  await waiting;
  return wokeAt - resolvedAt;
}

async function sequentialSamples(side: Side, count: number, settleMs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await wakeUpLatency(side, settleMs));
  return samples;
}

/** Polling waiters resolved at a random moment of their 1 s poll period, many at once so the run stays short. */
async function pollingSamples(side: Side, count: number): Promise<number[]> {
  return Promise.all(Array.from({ length: count }, () => wakeUpLatency(side, Math.random() * 1000)));
}

function latencyRow(name: string, samples: number[]): Row {
  return {
    case: name,
    n: samples.length,
    'p50 ms': Number(percentile(samples, 0.5).toFixed(3)),
    'p99 ms': Number(percentile(samples, 0.99).toFixed(3)),
    'events/s': '-',
  };
}

function throughputRow(name: string, events: number, ms: number): Row {
  return {
    case: name,
    n: events,
    'p50 ms': Number(ms.toFixed(2)),
    'p99 ms': '-',
    'events/s': Math.round((events * 1000) / ms),
  };
}

function inMemorySide(signalChannel?: SignalChannel): Side {
  const store = new InMemoryActionStore();
  return {
    waiter: new ActionManager(store, { signalChannel }),
    resolver: new ActionManager(store, { signalChannel }),
  };
}

/** Waiter and resolver on separate connections and channel instances, as two processes would be. */
function redisSide(waiterClient: Redis, resolverClient: Redis, keyPrefix: string) {
  const channels = [
    new RedisSignalChannel(waiterClient, { keyPrefix }),
    new RedisSignalChannel(resolverClient, { keyPrefix }),
  ];
  const store = (client: Redis): ActionStore => new RedisActionStore(client, { keyPrefix });
  const side: Side = {
    waiter: new ActionManager(store(waiterClient), { signalChannel: channels[0] }),
    resolver: new ActionManager(store(resolverClient), { signalChannel: channels[1] }),
  };
  return { side, channels };
}

/** One consumer-group pass over the stream's `total` entries with the adapter's reader (a group of its own). */
async function readThroughAdapter(
  client: Redis,
  streamPrefix: string,
  stream: string,
  group: string,
  total: number,
) {
  const reader = new RedisStreamsAdapter(client, new InMemoryEventBus(), {
    streamPrefix,
    consumerGroup: group,
  });
  let read = 0;
  for await (const _ of reader.readEvents(stream, { count: READ_COUNT })) if (++read === total) break;
  await reader.stop();
}

/** The same pass as the reader did before batched acknowledgement: XREADGROUP, then one XACK per entry. */
async function readAckingEach(client: Redis, stream: string, group: string, total: number) {
  await client.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  let read = 0;
  while (read < total) {
    const reply = (await client.xreadgroup(
      'GROUP',
      group,
      'bench',
      'COUNT',
      READ_COUNT,
      'STREAMS',
      stream,
      '>',
    )) as [string, [string, string[]][]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    if (entries.length === 0) throw new Error(`stream ${stream} ended after ${read} of ${total} entries`);
    for (const [id, fields] of entries) {
      RuntimeEvent.fromJSON(JSON.parse(fields[fields.indexOf('event') + 1]!));
      await client.xack(stream, group, id);
      read++;
    }
  }
}

async function streamsThroughput(
  client: Redis,
  keyPrefix: string,
  eventCount: number,
  smoke: boolean,
): Promise<Row[]> {
  const bus = new InMemoryEventBus();
  const streamPrefix = `${keyPrefix}:events`;
  const adapter = new RedisStreamsAdapter(client, bus, { streamPrefix, blockMs: 100 });
  const events = Array.from(
    { length: eventCount },
    (_, n) =>
      new RuntimeEvent({
        type: RuntimeEventType.PROGRESS,
        jobId: 'job-bench',
        data: { progress: n / eventCount },
      }),
  );
  const plan = smoke ? { warmup: 0, iterations: 1 } : { warmup: 1, iterations: 5 };
  const write = await measure(async () => {
    for (let i = 0; i < events.length; i += READ_COUNT)
      await adapter.writeBatch(events.slice(i, i + READ_COUNT));
  }, plan);
  const stream = `${streamPrefix}:progress`;
  await client.del(stream);
  await adapter.writeBatch(events);
  await adapter.stop();
  let pass = 0;
  const batched = await measure(
    () => readThroughAdapter(client, streamPrefix, stream, `batched-${pass++}`, eventCount),
    plan,
  );
  const each = await measure(() => readAckingEach(client, stream, `each-${pass++}`, eventCount), plan);
  return [
    throughputRow(`Redis Streams write (writeBatch, ${READ_COUNT}/pipeline)`, eventCount, write.medianMs),
    throughputRow(
      'Redis Streams consumer group read (readEvents: one XACK per read)',
      eventCount,
      batched.medianMs,
    ),
    throughputRow(
      'Redis Streams consumer group read (XACK each entry, as before)',
      eventCount,
      each.medianMs,
    ),
  ];
}

async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.unlink(...keys);
}

export const actionWakeup: Benchmark = {
  name: 'action-wakeup',
  async run({ smoke }) {
    const samples = smoke ? 20 : 1000;
    const pollingCount = smoke ? 10 : 200;
    const eventCount = smoke ? 2000 : 20_000;
    const keyPrefix = `bench:action-wakeup:${randomUUID()}`;
    const waiterClient = new Redis(REDIS_URL);
    const resolverClient = new Redis(REDIS_URL);
    const redis = redisSide(waiterClient, resolverClient, keyPrefix);
    try {
      await Promise.all(redis.channels.map((channel) => channel.start()));
      const rows = [
        latencyRow(
          'in-memory signal channel',
          await sequentialSamples(inMemorySide(new InMemorySignalChannel()), samples, 1),
        ),
        latencyRow('Redis signal channel (two connections)', await sequentialSamples(redis.side, samples, 5)),
        latencyRow(
          'polling every 1 s (no signal channel)',
          await pollingSamples(inMemorySide(), pollingCount),
        ),
        ...(await streamsThroughput(resolverClient, keyPrefix, eventCount, smoke)),
      ];
      return {
        title: 'Action wake-up latency and Redis Streams throughput',
        rows,
        notes: [
          'Wake-up: time from calling `ActionManager.resolve` until the waiter in `waitForResolution` continues.',
          'The Redis case includes the resume-token lookup (one script), the Lua compare-and-set of the action, the MULTI SET+PUBLISH of the signal,',
          'pub/sub delivery to another connection and the waiter re-reading the action from Redis.',
          `Polling: the default pollIntervalMs = 1000, ${pollingCount} waiters resolved at a random moment.`,
          `Streams: ${eventCount} progress events; write = median of pipelined XADD runs (MAXLEN ~ 100000); read = median`,
          `of consumer-group passes (a fresh group each), ${READ_COUNT} entries per XREADGROUP, each entry decoded: readEvents sends`,
          `a read's ids in one XACK with the next read; "as before" awaits one XACK per entry. Redis at ${REDIS_URL}.`,
        ],
      };
    } finally {
      await Promise.all(redis.channels.map((channel) => channel.stop()));
      await deleteKeys(resolverClient, keyPrefix);
      waiterClient.disconnect();
      resolverClient.disconnect();
    }
  },
};
