import {
  ActionRecord,
  type ActionRecordInit,
  DuplicateActionError,
  generateResumeToken,
  hashResumeToken,
} from '@agent-runtime/actions';
import { describeActionStoreContract } from '@agent-runtime/actions/testing';
import { ValidationError } from '@agent-runtime/core';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisActionStore } from './redis-action-store';

let redis: TestRedis;
let run = 0;

beforeAll(async () => {
  redis = await connectTestRedis('store-redis-actions');
});
afterAll(async () => {
  await redis?.cleanup();
});

describeActionStoreContract(
  'RedisActionStore',
  () => new RedisActionStore(redis.client, { keyPrefix: `${redis.prefix}:${run++}` }),
);

describe('RedisActionStore indexes', () => {
  const T0 = Date.UTC(2026, 0, 1);
  const make = () => {
    const keyPrefix = `${redis.prefix}:${run++}`;
    return { store: new RedisActionStore(redis.client, { keyPrefix }), keyPrefix };
  };
  const pendingAction = (actionId: string, init: Partial<ActionRecordInit> = {}) =>
    new ActionRecord({
      actionId,
      jobId: 'job-1',
      type: 'confirm',
      createdAt: T0,
      expiresAt: T0 + 1000,
      resumeTokenHash: hashResumeToken(generateResumeToken()),
      ...init,
    });

  it('keeps a hash per action, the token index, the pending set of the job and the expiry set', async () => {
    const { store, keyPrefix } = make();
    const created = await store.create(pendingAction('a1'));
    expect(await redis.client.hget(`${keyPrefix}:action:a1`, 'v')).toBe('1');
    expect(await redis.client.get(`${keyPrefix}:action-token:${created.resumeTokenHash}`)).toBe('a1');
    expect(await redis.client.zrange(`${keyPrefix}:job-pending:job-1`, 0, '-1', 'WITHSCORES')).toEqual([
      'a1',
      `${T0}`,
    ]);
    expect(await redis.client.zscore(`${keyPrefix}:action-expiry`, 'a1')).toBe(`${T0 + 1000}`);
  });

  it('takes a settled action out of the pending and expiry sets', async () => {
    const { store, keyPrefix } = make();
    const created = await store.create(pendingAction('a1'));
    await store.update(created.resolve({ ok: true }, { now: T0 + 5 }));
    expect(await redis.client.zcard(`${keyPrefix}:job-pending:job-1`)).toBe(0);
    expect(await redis.client.zcard(`${keyPrefix}:action-expiry`)).toBe(0);
    expect((await store.list({ jobId: 'job-1' })).map((a) => a.status)).toEqual(['resolved']);
    expect(await store.listExpired(T0 + 10_000)).toEqual([]);
  });

  it('moves the token index when an update changes the token hash, refusing one owned by another action', async () => {
    const { store } = make();
    const a1 = await store.create(pendingAction('a1'));
    const a2 = await store.create(pendingAction('a2'));
    const newHash = hashResumeToken(generateResumeToken());
    const moved = await store.update(new ActionRecord({ ...a1.toJSON(), resumeTokenHash: newHash }));
    expect((await store.getByResumeTokenHash(newHash))?.actionId).toBe('a1');
    expect(await store.getByResumeTokenHash(a1.resumeTokenHash)).toBeUndefined();
    const clash = new ActionRecord({ ...moved.toJSON(), resumeTokenHash: a2.resumeTokenHash });
    await expect(store.update(clash)).rejects.toSatisfy(DuplicateActionError.isInstance);
    expect((await store.get('a1'))?.toJSON()).toEqual(moved.toJSON());
  });

  it('leaves no key behind after delete', async () => {
    const { store, keyPrefix } = make();
    await store.create(pendingAction('a1'));
    await store.delete('a1');
    expect(await redis.client.keys(`${keyPrefix}:*`)).toEqual([]);
  });

  it('validates ids, hashes, times and options', async () => {
    const { store } = make();
    await expect(store.get('')).rejects.toMatchObject({ field: 'actionId' });
    await expect(store.delete('')).rejects.toMatchObject({ field: 'actionId' });
    await expect(store.listPendingForJob('')).rejects.toMatchObject({ field: 'jobId' });
    await expect(store.listExpired(Number.NaN)).rejects.toMatchObject({ field: 'now' });
    await expect(store.getByResumeTokenHash(5 as never)).rejects.toMatchObject({ field: 'hash' });
    expect(() => new RedisActionStore(redis.client, { keyPrefix: '' })).toThrow(ValidationError);
  });
});
