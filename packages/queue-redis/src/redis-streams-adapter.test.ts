import {
  type AnyRuntimeEvent,
  REDACTED,
  RuntimeEvent,
  type RuntimeEventType,
  ValidationError,
} from '@agent-runtime/core';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisStreamsAdapter } from './redis-streams-adapter';
import { TestBus } from './test-bus';

let redis: TestRedis;
let run = 0;
const adapters: RedisStreamsAdapter[] = [];

beforeAll(async () => {
  redis = await connectTestRedis('queue-redis');
});
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((adapter) => adapter.stop()));
});
afterAll(async () => {
  await redis?.cleanup();
});

function makeAdapter(config: ConstructorParameters<typeof RedisStreamsAdapter>[2] = {}, bus = new TestBus()) {
  const adapter = new RedisStreamsAdapter(redis.client, bus, {
    streamPrefix: `${redis.prefix}:${run++}`,
    blockMs: 50,
    ...config,
  });
  adapters.push(adapter);
  return { adapter, bus, prefix: adapter.config.streamPrefix };
}

function event(type: RuntimeEventType, data: Record<string, unknown> = {}) {
  return new RuntimeEvent({ type, jobId: 'job-1', scopeId: 'tenant-1', traceId: 'a'.repeat(32), data });
}

async function collect(iterable: AsyncIterable<AnyRuntimeEvent>, n: number): Promise<AnyRuntimeEvent[]> {
  const out: AnyRuntimeEvent[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length === n) break;
  }
  return out;
}

describe('RedisStreamsAdapter streams', () => {
  it('names a stream per category and the default stream for the rest', () => {
    const { adapter, prefix } = makeAdapter({ defaultStream: 'misc' });
    expect(adapter.streamFor('job.started')).toBe(`${prefix}:job`);
    expect(adapter.streamFor('job.status_changed')).toBe(`${prefix}:job`);
    expect(adapter.streamFor('tool.end')).toBe(`${prefix}:tool`);
    expect(adapter.streamFor('action.required')).toBe(`${prefix}:action`);
    expect(adapter.streamFor('progress')).toBe(`${prefix}:progress`);
    expect(adapter.streamFor('model.token')).toBe(`${prefix}:misc`);
    expect(adapter.streamFor('final.result')).toBe(`${prefix}:misc`);
  });

  it('rejects a bad config with ValidationError and no adapter', () => {
    expect(() => new RedisStreamsAdapter(redis.client, new TestBus(), { maxLen: -1 })).toThrow(
      ValidationError,
    );
  });

  it('after start, appends every bus event to its stream; they come back equal', async () => {
    const { adapter, bus, prefix } = makeAdapter();
    await adapter.start();
    const published = [
      event('job.started', { prompt: 'hi' }),
      event('tool.start', { step: 1, toolCallId: 't1', toolName: 'search', input: { q: 'x' } }),
      event('progress', { progress: 0.5, turn: 1 }),
      event('model.token', { step: 1, delta: 'He' }),
      event('job.completed', { resultRef: 'r1' }),
    ];
    for (const e of published) await bus.publish(e);
    await adapter.flush(); // appends are batched: the bus handler only queues
    const job = await adapter.readRange(`${prefix}:job`);
    expect(job.map((e) => e.toJSON())).toEqual([published[0]!.toJSON(), published[4]!.toJSON()]);
    expect((await adapter.readRange(`${prefix}:tool`))[0]!.toJSON()).toEqual(published[1]!.toJSON());
    expect((await adapter.readRange(`${prefix}:progress`))[0]!.toJSON()).toEqual(published[2]!.toJSON());
    expect((await adapter.readRange(`${prefix}:all`))[0]!.toJSON()).toEqual(published[3]!.toJSON());
    expect(await redis.client.xlen(`${prefix}:action`)).toBe(0);
  });

  it('never writes a resume token', async () => {
    const { adapter, bus, prefix } = makeAdapter();
    await adapter.start();
    const required = event('action.required', {
      actionId: 'a1',
      actionType: 'confirm',
      payload: { message: 'Proceed?', nested: { resume_token: 'also-secret' } },
      resumeToken: 'secret-token',
    });
    await bus.publish(required);
    await adapter.flush();
    const raw = await redis.client.xrange(`${prefix}:action`, '-', '+');
    expect(JSON.stringify(raw)).not.toContain('secret');
    const [stored] = await adapter.readRange(`${prefix}:action`);
    expect(stored?.type).toBe('action.required');
    if (stored?.type !== 'action.required') return;
    expect(stored.data.resumeToken).toBe(REDACTED);
    expect(stored.data.payload).toEqual({ message: 'Proceed?', nested: { resume_token: REDACTED } });
    expect(stored.eventId).toBe(required.eventId);
  });

  it('stop unsubscribes after the appends in flight finish', async () => {
    const { adapter, bus, prefix } = makeAdapter();
    await adapter.start();
    await adapter.start(); // idempotent: one subscription, one entry per event
    const pending = bus.publish(event('job.started'));
    await adapter.stop();
    await pending;
    expect(await redis.client.xlen(`${prefix}:job`)).toBe(1);
    await bus.publish(event('job.completed'));
    expect(await redis.client.xlen(`${prefix}:job`)).toBe(1);
    await adapter.stop();
  });

  it('trims exactly to maxLen when approximateTrim is false', async () => {
    const { adapter, prefix } = makeAdapter({ maxLen: 3, approximateTrim: false });
    const events = Array.from({ length: 10 }, (_, i) => event('progress', { progress: i / 10 }));
    await adapter.writeBatch(events);
    const kept = await adapter.readRange(`${prefix}:progress`);
    expect(kept.map((e) => e.eventId)).toEqual(events.slice(7).map((e) => e.eventId));
  });

  it('trims approximately (MAXLEN ~) by default', async () => {
    const { adapter, prefix } = makeAdapter({ maxLen: 10 });
    for (let i = 0; i < 5; i++) {
      await adapter.writeBatch(Array.from({ length: 200 }, () => event('progress', { progress: 0 })));
    }
    const length = await redis.client.xlen(`${prefix}:progress`);
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(1000);
  });

  it('writeBatch pipelines and returns the entry ids in order', async () => {
    const { adapter, prefix } = makeAdapter();
    const ids = await adapter.writeBatch([event('job.started'), event('tool.end'), event('job.completed')]);
    const write = await adapter.write(event('job.failed'));
    const jobIds = (await redis.client.xrange(`${prefix}:job`, '-', '+')).map(([id]) => id);
    expect(jobIds).toEqual([ids[0], ids[2], write]);
    expect((await redis.client.xrange(`${prefix}:tool`, '-', '+'))[0]![0]).toBe(ids[1]);
  });
});

describe('RedisStreamsAdapter.readRange', () => {
  it('reads between ids, inclusive or exclusive, with a count', async () => {
    const { adapter, prefix } = makeAdapter();
    const events = Array.from({ length: 5 }, (_, i) =>
      event('job.status_changed', { from: `${i}`, to: `${i + 1}` }),
    );
    const ids = await adapter.writeBatch(events);
    const stream = `${prefix}:job`;
    const eventIds = (list: readonly RuntimeEvent[]) => list.map((e) => e.eventId);
    expect(eventIds(await adapter.readRange(stream, { start: '-', end: '+', count: 2 }))).toEqual(
      eventIds(events.slice(0, 2)),
    );
    expect(eventIds(await adapter.readRange(stream, { start: ids[1], end: ids[3] }))).toEqual(
      eventIds(events.slice(1, 4)),
    );
    expect(eventIds(await adapter.readRange(stream, { start: `(${ids[3]}` }))).toEqual(
      eventIds(events.slice(4)),
    );
    expect(await adapter.readRange(`${prefix}:missing`)).toEqual([]);
  });

  it.each([
    [{ start: 'oldest' }, 'options.start'],
    [{ end: '' }, 'options.end'],
    [{ count: 0 }, 'options.count'],
    [{ limit: 5 }, 'options'],
  ])('rejects %j naming %s', async (options, field) => {
    const { adapter, prefix } = makeAdapter();
    const error = await adapter.readRange(`${prefix}:job`, options as never).catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe(field);
  });

  it('rejects an empty stream name', async () => {
    const { adapter } = makeAdapter();
    await expect(adapter.readRange('')).rejects.toMatchObject({ field: 'stream' });
  });

  it('throws ValidationError on an entry it did not write', async () => {
    const { adapter, prefix } = makeAdapter();
    await redis.client.xadd(`${prefix}:job`, '*', 'foo', 'bar');
    await redis.client.xadd(`${prefix}:tool`, '*', 'event', '{not json');
    await redis.client.xadd(`${prefix}:all`, '*', 'event', '{"type":"nope"}');
    for (const stream of ['job', 'tool', 'all']) {
      await expect(adapter.readRange(`${prefix}:${stream}`)).rejects.toBeInstanceOf(ValidationError);
    }
  });
});

describe('RedisStreamsAdapter.readEvents', () => {
  it('yields the stream from its start through a consumer group; acks a read in one XACK with the next', async () => {
    const { adapter, prefix } = makeAdapter({ consumerGroup: 'workers', consumerName: 'w1' });
    const stream = `${prefix}:job`;
    const events = [event('job.started'), event('job.status_changed'), event('job.completed')];
    await adapter.writeBatch(events);
    const pending = () => redis.client.xpending(stream, 'workers') as Promise<[number, ...unknown[]]>;
    const seen: string[] = [];
    const pendingDuringStep: number[] = [];
    for await (const e of adapter.readEvents(stream, { count: 2 })) {
      seen.push(e.eventId);
      pendingDuringStep.push((await pending())[0]);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(events.map((e) => e.eventId));
    // the first read (two entries) stays pending while it is processed and is acked with the second read
    expect(pendingDuringStep).toEqual([2, 2, 1]);
    expect((await pending())[0]).toBe(1); // the loop broke before finishing the third: still pending
  });

  it('on break, acks the entries of the read it finished and leaves the one in hand pending', async () => {
    const { adapter, prefix } = makeAdapter({ consumerName: 'w1' });
    const stream = `${prefix}:job`;
    const events = [event('job.started'), event('job.status_changed'), event('job.completed')];
    await adapter.writeBatch(events);
    await collect(adapter.readEvents(stream), 2); // one read of three; breaks while processing the second
    const [count, , , consumers] = (await redis.client.xpending(stream, 'default')) as [number, ...unknown[]];
    expect([count, consumers]).toEqual([2, [['w1', '2']]]); // the second (in hand) and the third (unread)
    const again = await collect(adapter.readEvents(stream), 2);
    expect(again.map((e) => e.eventId)).toEqual([events[1]!.eventId, events[2]!.eventId]);
  });

  it('redelivers the whole read in hand when its consumer dies before the XACK (CLIENT KILL)', async () => {
    const dying = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { retryStrategy: () => null });
    dying.on('error', () => {});
    const { adapter: writer, prefix } = makeAdapter();
    const stream = `${prefix}:job`;
    const events = Array.from({ length: 10 }, (_, seq) => event('job.status_changed', { seq }));
    await writer.writeBatch(events);
    const doomed = new RedisStreamsAdapter(dying, new TestBus(), { streamPrefix: prefix, blockMs: 50 });
    const death = new AbortController(); // closes its blocking connection too; its loop never runs again
    const reader = doomed.readEvents(stream, { count: 10, signal: death.signal })[Symbol.asyncIterator]();
    for (let i = 0; i < 5; i++) await reader.next(); // processes four entries and holds the fifth
    const clientId = await dying.client('ID');
    await redis.client.client('KILL', 'ID', String(clientId)); // dies: its iterator never resumes
    await vi.waitFor(() => expect(dying.status).toBe('end'), { timeout: 5_000 });
    death.abort();

    const [count] = (await redis.client.xpending(stream, 'default')) as [number, ...unknown[]];
    expect(count).toBe(10); // the processed four were not acked yet: at least once means they come back
    const again = await collect(makeAdapter({ streamPrefix: prefix }).adapter.readEvents(stream), 10);
    expect(again.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('wakes on entries appended while it blocks', async () => {
    const { adapter, prefix } = makeAdapter({ blockMs: 2000 });
    const stream = `${prefix}:tool`;
    const reading = collect(adapter.readEvents(stream), 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const e = event('tool.start', { step: 1, toolCallId: 't', toolName: 'x' });
    await adapter.write(e);
    const [got] = await reading;
    expect(got!.toJSON()).toEqual(e.toJSON());
  });

  it('redelivers an unacknowledged entry to the same consumer name after a crash', async () => {
    const { adapter, prefix } = makeAdapter({ consumerName: 'w1' });
    const stream = `${prefix}:job`;
    const events = [event('job.started'), event('job.completed')];
    await adapter.writeBatch(events);
    const [first] = await collect(adapter.readEvents(stream), 1); // "crashes" while processing it
    const again = await collect(adapter.readEvents(stream), 2);
    expect(again.map((e) => e.eventId)).toEqual([first!.eventId, events[1]!.eventId]);
  });

  it('lets another consumer claim entries left pending by a crashed one (XAUTOCLAIM)', async () => {
    const { adapter, prefix } = makeAdapter({ consumerName: 'w1' });
    const stream = `${prefix}:job`;
    const events = [event('job.started'), event('job.status_changed'), event('job.completed')];
    await adapter.writeBatch(events);
    await collect(adapter.readEvents(stream, { count: 1 }), 1); // w1 crashes holding the first
    const w2 = { consumerName: 'w2', claimMinIdleMs: 60_000, count: 1 };
    const fresh = await collect(adapter.readEvents(stream, w2), 1);
    expect(fresh[0]!.eventId).toBe(events[1]!.eventId); // not idle long enough: w2 gets the next new one
    await new Promise((resolve) => setTimeout(resolve, 30));
    const claimed = await collect(adapter.readEvents(stream, { consumerName: 'w3', claimMinIdleMs: 20 }), 3);
    expect(claimed.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    const [count, , , consumers] = (await redis.client.xpending(stream, 'default')) as [number, ...unknown[]];
    expect([count, consumers]).toEqual([1, [['w3', '1']]]); // only the last one, still in w3's hands
  });

  it('ends a blocked iteration on stop()', async () => {
    const { adapter, prefix } = makeAdapter({ blockMs: 10_000 });
    const started = Date.now();
    const reading = collect(adapter.readEvents(`${prefix}:job`), 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await adapter.stop();
    expect(await reading).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await collect(adapter.readEvents(`${prefix}:job`), 1)).toEqual([]);
  });

  it('ends a blocked iteration when its signal aborts', async () => {
    const { adapter, prefix } = makeAdapter({ blockMs: 10_000 });
    const controller = new AbortController();
    const reading = collect(adapter.readEvents(`${prefix}:job`, { signal: controller.signal }), 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    expect(await reading).toEqual([]);
  });

  it.each([
    [{ count: 0 }, 'options.count'],
    [{ claimMinIdleMs: -1 }, 'options.claimMinIdleMs'],
    [{ consumerName: '' }, 'options.consumerName'],
    [{ signal: 'stop' }, 'options.signal'],
  ])('rejects %j naming %s', (options, field) => {
    const { adapter, prefix } = makeAdapter();
    expect(() => adapter.readEvents(`${prefix}:job`, options as never)).toThrow(
      expect.objectContaining({ field }) as never,
    );
  });
});
