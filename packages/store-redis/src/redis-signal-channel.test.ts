import type { SignalMessage } from '@agent-runtime/actions';
import { CancelledError, ManualClock, ValidationError } from '@agent-runtime/core';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisSignalChannel, type RedisSignalChannelOptions } from './redis-signal-channel';

let redis: TestRedis;
let other: TestRedis; // a second connection: another process, as far as Redis can tell
const channels: RedisSignalChannel[] = [];

beforeAll(async () => {
  redis = await connectTestRedis('store-redis-signal');
  other = await connectTestRedis('store-redis-signal');
});
afterEach(async () => {
  await Promise.all(channels.splice(0).map((channel) => channel.stop()));
});
afterAll(async () => {
  await redis?.cleanup();
  await other?.client.quit();
});

function makeChannel(options: RedisSignalChannelOptions = {}, client = redis.client) {
  const channel = new RedisSignalChannel(client, { keyPrefix: redis.prefix, ...options });
  channels.push(channel);
  return channel;
}

let seq = 0;
const resolved = (actionId = `act-${++seq}`): SignalMessage => ({
  actionId,
  status: 'resolved',
  resolution: { approved: true },
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('RedisSignalChannel', () => {
  it('wakes a waiter with the message signalled after it started waiting', async () => {
    const channel = makeChannel();
    await channel.start();
    const message = resolved();
    const waiting = channel.wait(message.actionId, { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await channel.signal(message.actionId, message);
    expect(await waiting).toEqual(message);
  });

  it('returns a signal sent before the wait, kept for ttlSeconds', async () => {
    const channel = makeChannel({ ttlSeconds: 30 });
    const message = { actionId: `act-${++seq}`, status: 'expired' } as const;
    await channel.signal(message.actionId, message);
    const ttl = await redis.client.pttl(`${redis.prefix}:signal:${message.actionId}`);
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await channel.wait(message.actionId, { timeoutMs: 1 })).toEqual(message);
  });

  it('wakes a waiter on another connection (another process) and every waiter of the action', async () => {
    const waiter = makeChannel();
    const sender = makeChannel({}, other.client);
    const message = { actionId: `act-${++seq}`, status: 'cancelled' } as const;
    const waits = [waiter.wait(message.actionId), waiter.wait(message.actionId)];
    const unrelated = waiter.wait(`act-${++seq}`, { timeoutMs: 200 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sender.signal(message.actionId, message);
    expect(await Promise.all(waits)).toEqual([message, message]);
    expect(await unrelated).toBeNull();
  });

  it('returns null after timeoutMs (ManualClock)', async () => {
    const clock = new ManualClock();
    const channel = makeChannel({ clock });
    const waiting = channel.wait(`act-${++seq}`, { timeoutMs: 1000 });
    await until(() => clock.pendingSleeps === 1);
    await clock.advance(999);
    let settled = false;
    void waiting.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(await waiting).toBeNull();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('rejects with CancelledError when its signal aborts, and at once when already aborted', async () => {
    const channel = makeChannel();
    const controller = new AbortController();
    const waiting = channel.wait(`act-${++seq}`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(waiting).rejects.toSatisfy(CancelledError.isInstance);
    await expect(channel.wait('act-x', { signal: AbortSignal.abort() })).rejects.toSatisfy(
      CancelledError.isInstance,
    );
  });

  it('resolves waits in progress with null on stop, and works again after a new start', async () => {
    const channel = makeChannel();
    const waiting = channel.wait(`act-${++seq}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await channel.stop();
    expect(await waiting).toBeNull();
    const message = resolved();
    const again = channel.wait(message.actionId, { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await channel.signal(message.actionId, message);
    expect(await again).toEqual(message);
  });

  it('ignores foreign messages on its pub/sub channel', async () => {
    const channel = makeChannel();
    const message = resolved();
    const waiting = channel.wait(message.actionId, { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await redis.client.publish(`${redis.prefix}:signals`, 'not json');
    await redis.client.publish(`${redis.prefix}:signals`, JSON.stringify({ actionId: message.actionId }));
    await channel.signal(message.actionId, message);
    expect(await waiting).toEqual(message);
  });

  it.each([
    ['', resolved('a'), 'actionId'],
    ['a', { actionId: 'a', status: 'done' }, 'message.status'],
    ['a', { actionId: 'a', status: 'resolved', resumeToken: 'secret' }, 'message'],
    ['a', { actionId: 'b', status: 'resolved' }, 'message.actionId'],
    ['a', { actionId: 'a', status: 'resolved', resolution: 'yes' }, 'message.resolution'],
  ])(
    'signal(%j, %j) throws ValidationError naming %s and stores nothing',
    async (actionId, message, field) => {
      const channel = makeChannel();
      const error = await channel.signal(actionId, message as SignalMessage).catch((e: unknown) => e);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
      expect(await redis.client.exists(`${redis.prefix}:signal:a`, `${redis.prefix}:signal:b`)).toBe(0);
    },
  );

  it.each([
    ['', {}, 'actionId'],
    ['a', { timeoutMs: -1 }, 'options.timeoutMs'],
    ['a', { timeout: 5 }, 'options'],
  ])('wait(%j, %j) throws ValidationError naming %s', async (actionId, options, field) => {
    const channel = makeChannel();
    await expect(channel.wait(actionId, options as never)).rejects.toMatchObject({ field });
  });

  it('rejects bad options', () => {
    expect(() => new RedisSignalChannel(redis.client, { ttlSeconds: 0 })).toThrow(ValidationError);
    expect(() => new RedisSignalChannel(redis.client, { keyPrefix: '' })).toThrow(ValidationError);
    expect(() => new RedisSignalChannel(redis.client, { clock: {} as never })).toThrow(ValidationError);
  });

  it('loses no signal that races its wait: 10,000 trials', async () => {
    const waiter = makeChannel();
    const sender = makeChannel({}, other.client);
    await waiter.start();
    const trials = 10_000;
    const batch = 500;
    let received = 0;
    const started = performance.now();
    for (let first = 0; first < trials; first += batch) {
      const round = Array.from({ length: batch }, async (_, i) => {
        const message = resolved(`race-${first + i}`);
        // Vary who goes first: signal before wait, both at once, or wait a moment before the signal.
        const order = (first + i) % 3;
        const send = () => sender.signal(message.actionId, message);
        const wait = () => waiter.wait(message.actionId, { timeoutMs: 2000 });
        if (order === 0) await send();
        const later = async () => {
          if (order === 1) return send();
          if (order === 2) return new Promise((resolve) => setImmediate(resolve)).then(send);
        };
        const [got] = await Promise.all([wait(), later()]);
        return got;
      });
      for (const got of await Promise.all(round)) if (got?.status === 'resolved') received++;
    }
    const ms = performance.now() - started;
    console.info(
      `signal race: ${received}/${trials} received, ${trials - received} lost; ${Math.round(ms)} ms`,
    );
    expect(received).toBe(trials);
  }, 120_000);
});
