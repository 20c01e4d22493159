import { randomUUID } from 'node:crypto';
import type { SignalMessage } from '@agent-runtime/actions';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnectionError } from './redis-connection-error';
import { RedisSignalChannel } from './redis-signal-channel';
import { killSubscribers, subscriberCount } from './test-redis-clients';

let redis: TestRedis; // the resolver's connection (another process, as far as Redis can tell)
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  redis = await connectTestRedis('store-redis-signal-faults');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await redis?.cleanup();
});

/** A waiter's client with a name of its own (its subscriber inherits it), reconnecting as configured. */
function waiterClient(options: RedisOptions = {}) {
  const connectionName = `signal-faults-${randomUUID()}`;
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    connectionName,
    ...options,
  });
  cleanups.push(() => client.disconnect());
  return { client, connectionName };
}

function channelOver(client: Redis, recheckIntervalMs: number) {
  const channel = new RedisSignalChannel(client, { keyPrefix: redis.prefix, recheckIntervalMs });
  cleanups.push(() => channel.stop());
  return channel;
}

const resolved = (actionId: string): SignalMessage => ({
  actionId,
  status: 'resolved',
  resolution: { approved: true },
});

describe('RedisSignalChannel under Redis faults', () => {
  it('loses no wake-up when its subscriber is killed and the signal is sent during the reconnect: 50 trials', async () => {
    // Reconnect after 200 ms, so the signal surely lands while the subscriber is away; the backstop is far
    // (60 s), so only the re-read after the reconnect can wake the waiter in time.
    const { client, connectionName } = waiterClient({ retryStrategy: () => 200 });
    const waiter = channelOver(client, 60_000);
    const sender = channelOver(redis.client, 60_000);
    await waiter.start();
    const trials = 50;
    const latencies: number[] = [];
    let sentWhileAway = 0;
    for (let trial = 0; trial < trials; trial++) {
      const message = resolved(`reconnect-${trial}-${randomUUID()}`);
      const waiting = waiter.wait(message.actionId, { timeoutMs: 5000 });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await killSubscribers(redis.client, connectionName)).toBe(1);
      const sentAt = performance.now();
      await sender.signal(message.actionId, message);
      if ((await subscriberCount(redis.client, connectionName)) === 0) sentWhileAway++;
      const got = await waiting;
      latencies.push(performance.now() - sentAt);
      expect(got).toEqual(message);
    }
    const worst = Math.max(...latencies);
    console.info(
      `subscriber killed, signal during reconnect: ${trials}/${trials} woken, ${sentWhileAway} sent while the subscriber was away, worst ${Math.round(worst)} ms`,
    );
    expect(sentWhileAway).toBe(trials);
    expect(worst).toBeLessThan(2000);
  }, 60_000);

  it('wakes every wait within recheckIntervalMs when its subscriber never comes back: 50 trials', async () => {
    const { client, connectionName } = waiterClient({ retryStrategy: () => null });
    const recheckIntervalMs = 300;
    const waiter = channelOver(client, recheckIntervalMs);
    const sender = channelOver(redis.client, 60_000);
    await waiter.start();
    const messages = Array.from({ length: 50 }, (_, i) => resolved(`gone-${i}-${randomUUID()}`));
    const waits = messages.map((m) => waiter.wait(m.actionId, { timeoutMs: 10_000 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await killSubscribers(redis.client, connectionName)).toBe(1);
    const sentAt = performance.now();
    await Promise.all(messages.map((m) => sender.signal(m.actionId, m)));
    const woken = await Promise.all(
      waits.map((w) => w.then((got) => ({ got, ms: performance.now() - sentAt }))),
    );
    expect(woken.map(({ got }) => got)).toEqual(messages);
    const worst = Math.max(...woken.map(({ ms }) => ms));
    console.info(`subscriber gone for good: 50/50 woken by the backstop, worst ${Math.round(worst)} ms`);
    expect(worst).toBeLessThan(recheckIntervalMs + 500);
  }, 30_000);

  it('signal() rejects with RedisConnectionError when Redis cannot be reached, and stores nothing', async () => {
    const { client } = waiterClient({ retryStrategy: () => null, maxRetriesPerRequest: 0 });
    await client.ping();
    const channel = channelOver(client, 5000);
    await client.quit();
    const message = resolved(`unreachable-${randomUUID()}`);
    await expect(channel.signal(message.actionId, message)).rejects.toSatisfy(
      RedisConnectionError.isInstance,
    );
    await expect(channel.wait(message.actionId)).rejects.toSatisfy(RedisConnectionError.isInstance);
    expect(await redis.client.exists(`${redis.prefix}:signal:${message.actionId}`)).toBe(0);
  });

  it('rejects a recheckIntervalMs a timer cannot hold', () => {
    expect(() => new RedisSignalChannel(redis.client, { recheckIntervalMs: 2 ** 31 })).toThrow(
      /recheckIntervalMs/,
    );
    expect(() => new RedisSignalChannel(redis.client, { recheckIntervalMs: 0 })).toThrow(/recheckIntervalMs/);
  });
});
