import { randomUUID } from 'node:crypto';
import { InMemoryJobStore, JobRecord, JobStatus } from '@agent-runtime/jobs';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisCommandError } from './redis-command-error';
import { RedisConnectionError } from './redis-connection-error';
import { RedisJobCache } from './redis-job-cache';
import { killClients, refusedPort } from './test-redis-clients';

let redis: TestRedis; // the admin connection, and a healthy second cache instance
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  redis = await connectTestRedis('store-redis-job-cache-faults');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await redis?.cleanup();
});

/** A client of its own, named so the test can kill it, that does not reconnect. */
async function killableClient() {
  const connectionName = `job-cache-faults-${randomUUID()}`;
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    connectionName,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  cleanups.push(() => client.disconnect());
  await client.ping();
  return { client, kill: () => killClients(redis.client, connectionName) };
}

/** A primary store whose next `update` runs `during` before writing (to break Redis in between). */
class InterruptedStore extends InMemoryJobStore {
  during: (() => Promise<unknown>) | undefined;
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  /** The next `get` reads, then waits until the returned function is called (a slow read-through). */
  holdNextGet(): () => void {
    this.held = new Promise((resolve) => {
      this.release = resolve;
    });
    return () => this.release?.();
  }

  override async get(jobId: string) {
    const job = await super.get(jobId);
    const held = this.held;
    this.held = undefined;
    await held;
    return job;
  }

  override async update(job: JobRecord) {
    const during = this.during;
    this.during = undefined;
    await during?.();
    return super.update(job);
  }
}

const stored = async (primary: InMemoryJobStore) =>
  JSON.stringify((await primary.list()).map((job) => job.toJSON()));

async function everyCallRefused(cache: RedisJobCache, primary: InMemoryJobStore, jobId: string) {
  const existing = (await primary.get(jobId))!;
  const before = await stored(primary);
  const calls: [string, () => Promise<unknown>][] = [
    ['get', () => cache.get(jobId)],
    ['create', () => cache.create(new JobRecord({ jobId: `job-${randomUUID()}`, scopeId: 's' }))],
    ['update', () => cache.update(existing.transitionTo(JobStatus.RUNNING))],
    ['delete', () => cache.delete(jobId)],
    ['invalidate', () => cache.invalidate(jobId)],
    ['claimLease', () => cache.claimLease(jobId, { owner: 'w', leaseMs: 1000 })],
  ];
  for (const [name, call] of calls) {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(RedisConnectionError.isInstance(error), `${name}: ${String(error)}`).toBe(true);
    expect(await stored(primary), name).toBe(before);
  }
}

describe('RedisJobCache when Redis fails', () => {
  it('Redis at a port that refuses: every call is a RedisConnectionError and the primary is unchanged', async () => {
    const primaryStore = new InMemoryJobStore();
    await primaryStore.create(new JobRecord({ jobId: 'job-1', scopeId: 's' }));
    const client = new Redis({
      host: '127.0.0.1',
      port: await refusedPort(),
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => {}); // the refused connects, which ioredis would log
    cleanups.push(() => client.disconnect());
    const cache = new RedisJobCache(client, { primaryStore, keyPrefix: redis.prefix });
    await everyCallRefused(cache, primaryStore, 'job-1');
  });

  it('its connection killed (CLIENT KILL): every call is a RedisConnectionError and the primary is unchanged', async () => {
    const primaryStore = new InMemoryJobStore();
    const { client, kill } = await killableClient();
    const cache = new RedisJobCache(client, { primaryStore, keyPrefix: `${redis.prefix}:kill` });
    await cache.create(new JobRecord({ jobId: 'job-2', scopeId: 's' }));
    expect((await cache.get('job-2'))?.version).toBe(1);
    expect(await kill()).toBe(1);
    await everyCallRefused(cache, primaryStore, 'job-2');
  });

  it('killed between the primary write and the cache write: the update succeeds, and no reader gets the old version back', async () => {
    const primaryStore = new InterruptedStore();
    const keyPrefix = `${redis.prefix}:between`;
    const { client, kill } = await killableClient();
    const writer = new RedisJobCache(client, { primaryStore, keyPrefix });
    const reader = new RedisJobCache(redis.client, { primaryStore, keyPrefix });
    const created = await writer.create(new JobRecord({ jobId: 'job-3', scopeId: 's' }));
    await reader.invalidate('job-3');

    const release = primaryStore.holdNextGet();
    const slowRead = reader.get('job-3'); // reads version 1 from the primary, then stalls
    await new Promise((resolve) => setTimeout(resolve, 20));
    primaryStore.during = kill; // the writer's connection dies after it held fills, before the primary write
    const updated = await writer.update(created.transitionTo(JobStatus.RUNNING));
    expect(updated.version).toBe(2);
    expect((await primaryStore.get('job-3'))?.version).toBe(2);
    release();
    expect((await slowRead)?.version).toBe(1); // began before the update
    expect((await reader.get('job-3'))?.version).toBe(2); // its stale fill was refused
    expect((await reader.get('job-3'))?.status).toBe(JobStatus.RUNNING);
  });

  it('a key under the prefix of the wrong type (another program writes there) is a RedisCommandError', async () => {
    const primaryStore = new InMemoryJobStore();
    const keyPrefix = `${redis.prefix}:wrongtype`;
    const cache = new RedisJobCache(redis.client, { primaryStore, keyPrefix });
    await redis.client.rpush(`${keyPrefix}:job:job-4`, 'not a hash');
    const error = await cache.get('job-4').catch((e: unknown) => e);
    expect(RedisCommandError.isInstance(error)).toBe(true);
    expect((error as RedisCommandError).message).toMatch(/WRONGTYPE/);
  });

  it.each([
    ['empty', ''],
    ['over 255 characters', 'x'.repeat(256)],
    ['with a lone surrogate (it would share a Redis key with another id)', 'a\ud800'],
    ['not a string', Symbol('s')],
  ])('a job id %s is a ValidationError naming jobId', async (_what, jobId) => {
    const cache = new RedisJobCache(redis.client, { primaryStore: new InMemoryJobStore() });
    for (const call of [() => cache.get(jobId as never), () => cache.delete(jobId as never)])
      await expect(call()).rejects.toMatchObject({ code: 'VALIDATION_ERROR', field: 'jobId' });
  });
});
