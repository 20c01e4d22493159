import { ValidationError } from '@agent-runtime/core';
import {
  InMemoryJobStore,
  JobRecord as Job,
  type JobRecord,
  JobStatus,
  type JobStore,
} from '@agent-runtime/jobs';
import { describeJobStoreContract } from '@agent-runtime/jobs/testing';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisJobCache } from './redis-job-cache';

let redis: TestRedis;
let run = 0;

beforeAll(async () => {
  redis = await connectTestRedis('store-redis-job-cache');
});
afterAll(async () => {
  await redis?.cleanup();
});

describeJobStoreContract(
  'RedisJobCache over InMemoryJobStore',
  () =>
    new RedisJobCache(redis.client, {
      primaryStore: new InMemoryJobStore(),
      keyPrefix: `${redis.prefix}:${run++}`,
    }),
);

/** A primary store that counts reads and can hold a `get` until released (to stage races). */
class ObservedStore extends InMemoryJobStore {
  reads = 0;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  holdNextGet(): () => void {
    this.gate = new Promise((resolve) => {
      this.openGate = resolve;
    });
    return () => this.openGate?.();
  }

  override async get(jobId: string): Promise<JobRecord | undefined> {
    this.reads++;
    const job = await super.get(jobId);
    const gate = this.gate;
    this.gate = undefined;
    await gate;
    return job;
  }
}

function twoCaches(ttlSeconds = 60) {
  const primaryStore = new ObservedStore();
  const keyPrefix = `${redis.prefix}:${run++}`;
  const a = new RedisJobCache(redis.client, { primaryStore, keyPrefix, ttlSeconds });
  const b = new RedisJobCache(redis.client, { primaryStore, keyPrefix, ttlSeconds });
  return { primaryStore, a, b, key: (id: string) => `${keyPrefix}:job:${id}` };
}

const newJob = (jobId = `job-${run}`) => new Job({ jobId, scopeId: 'tenant-a' });

describe('RedisJobCache', () => {
  it('reads through: a miss fills Redis, the next get is served from it', async () => {
    const { primaryStore, a, b, key } = twoCaches(45);
    await primaryStore.create(newJob('j1'));
    expect((await a.get('j1'))?.version).toBe(1);
    expect(primaryStore.reads).toBe(1);
    expect((await b.get('j1'))?.toJSON()).toEqual((await primaryStore.get('j1'))?.toJSON());
    expect(primaryStore.reads).toBe(2); // only the direct read above; b was served by Redis
    const ttl = await redis.client.ttl(key('j1'));
    expect(ttl).toBeGreaterThan(40);
    expect(ttl).toBeLessThanOrEqual(45);
  });

  it('never serves a version older than the last update, from either instance', async () => {
    const { a, b } = twoCaches();
    const created = await a.create(newJob('j2'));
    expect((await b.get('j2'))?.version).toBe(1);
    const started = await a.update(created.transitionTo(JobStatus.RUNNING));
    expect(started.version).toBe(2);
    expect((await b.get('j2'))?.status).toBe(JobStatus.RUNNING);
    const progressed = await b.update(started.withProgress(0.5));
    expect((await a.get('j2'))?.toJSON()).toEqual(progressed.toJSON());
  });

  it('a read-through fill that raced an update does not put the old version back', async () => {
    const { primaryStore, a, b } = twoCaches();
    const created = await a.create(newJob('j3'));
    await a.invalidate('j3');
    const release = primaryStore.holdNextGet();
    const slowRead = b.get('j3'); // reads version 1 from the primary, then stalls
    await new Promise((resolve) => setTimeout(resolve, 20));
    await a.update(created.transitionTo(JobStatus.RUNNING)); // version 2 committed and cached
    release();
    expect((await slowRead)?.version).toBe(1); // began before the update finished
    expect((await b.get('j3'))?.version).toBe(2);
    expect((await a.get('j3'))?.version).toBe(2);
  });

  it('a read-through fill that raced a delete does not bring the job back', async () => {
    const { primaryStore, a, b } = twoCaches();
    await a.create(newJob('j4'));
    await a.invalidate('j4');
    const release = primaryStore.holdNextGet();
    const slowRead = b.get('j4');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await a.delete('j4')).toBe(true);
    release();
    await slowRead;
    expect(await b.get('j4')).toBeUndefined();
    expect(await a.get('j4')).toBeUndefined();
    const recreated = await a.create(newJob('j4'));
    expect((await b.get('j4'))?.toJSON()).toEqual(recreated.toJSON());
  });

  it('a failed compare-and-set changes neither the primary nor what readers see', async () => {
    const { a, b } = twoCaches();
    const created = await a.create(newJob('j5'));
    await a.update(created.transitionTo(JobStatus.RUNNING));
    await expect(b.update(created.withProgress(0.9))).rejects.toMatchObject({
      code: 'CONCURRENT_MODIFICATION',
    });
    const seen = await b.get('j5');
    expect([seen?.version, seen?.status, seen?.progress]).toEqual([2, JobStatus.RUNNING, 0]);
  });

  it('invalidate drops only the cached copy', async () => {
    const { primaryStore, a, key } = twoCaches();
    await a.create(newJob('j6'));
    await a.invalidate('j6');
    expect(await redis.client.exists(key('j6'))).toBe(0);
    expect((await a.get('j6'))?.jobId).toBe('j6');
    expect(primaryStore.reads).toBe(1);
  });

  it('rejects bad options with ValidationError naming the field', () => {
    const primaryStore: JobStore = new InMemoryJobStore();
    const cases: [unknown, string][] = [
      [{}, 'options.primaryStore'],
      [{ primaryStore: {} }, 'options.primaryStore'],
      [{ primaryStore, ttlSeconds: 0 }, 'options.ttlSeconds'],
      [{ primaryStore, keyPrefix: '' }, 'options.keyPrefix'],
      [{ primaryStore, ttl: 5 }, 'options'],
    ];
    for (const [options, field] of cases) {
      const error = (() => {
        try {
          new RedisJobCache(redis.client, options as never);
        } catch (e) {
          return e;
        }
      })();
      expect(ValidationError.isInstance(error), field).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});
