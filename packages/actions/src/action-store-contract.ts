import { ConcurrentModificationError, NotFoundError, ValidationError } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ActionRecord, type ActionRecordInit } from './action-record';
import { ActionStatus } from './action-status';
import type { ActionStore } from './action-store';
import { DuplicateActionError } from './duplicate-action-error';
import { generateResumeToken, hashResumeToken } from './resume-token';

const T0 = Date.UTC(2026, 0, 1);

/**
 * The behaviour every ActionStore must have; run it with one call from a vitest file:
 * `describeActionStoreContract('RedisActionStore', async () => new RedisActionStore(await freshRedis()))`.
 * `makeStore` must return a fresh, empty store each call.
 */
export function describeActionStoreContract(
  name: string,
  makeStore: () => Promise<ActionStore> | ActionStore,
): void {
  describe(`ActionStore contract: ${name}`, () => {
    let store: ActionStore;
    let seq = 0;
    const action = (init: Partial<ActionRecordInit> = {}) =>
      new ActionRecord({
        actionId: `act-${++seq}`,
        jobId: 'job-1',
        scopeId: 'tenant-a',
        type: 'confirm',
        createdAt: T0 + seq,
        resumeTokenHash: hashResumeToken(generateResumeToken()),
        ...init,
      });

    beforeEach(async () => {
      store = await makeStore();
    });

    it('stores every field and returns it unchanged, never a plaintext token', async () => {
      const token = generateResumeToken();
      const full = new ActionRecord({
        actionId: 'act-full',
        jobId: 'job-1',
        scopeId: 'tenant-a',
        type: 'apply_changes',
        payload: { message: 'Deploy?', files: ['a.ts', 'b.ts'], nested: { n: 1, z: null } },
        status: ActionStatus.RESOLVED,
        createdAt: T0,
        expiresAt: T0 + 300_000,
        resolvedAt: T0 + 10,
        resolution: { approved: true, comment: 'LGTM' },
        resumeTokenHash: hashResumeToken(token),
        resumeToken: token,
        metadata: { tool: 'deploy' },
        version: 1,
      });
      const created = await store.create(full);
      expect(created.toJSON()).toEqual(full.toJSON());
      const read = await store.get('act-full');
      expect(read).toBeInstanceOf(ActionRecord);
      expect(read?.toJSON()).toEqual(full.toJSON());
      expect(read?.resumeToken).toBeUndefined();
      expect(JSON.stringify(read)).not.toContain(token);
      const cancelled = await store.create(
        action({ actionId: 'act-c', status: ActionStatus.CANCELLED, cancelReason: 'no' }),
      );
      expect((await store.get('act-c'))?.toJSON()).toEqual(cancelled.toJSON());
    });

    it('returns undefined for unknown ids and hashes', async () => {
      expect(await store.get('missing')).toBeUndefined();
      expect(await store.getByResumeTokenHash(hashResumeToken('nope'))).toBeUndefined();
    });

    it('finds an action by its resume token hash', async () => {
      const token = generateResumeToken();
      await store.create(action({ actionId: 'by-hash', resumeTokenHash: hashResumeToken(token) }));
      expect((await store.getByResumeTokenHash(hashResumeToken(token)))?.actionId).toBe('by-hash');
    });

    it('refuses a duplicate actionId and keeps the original', async () => {
      await store.create(action({ actionId: 'dup', payload: { first: true } }));
      const error = await store
        .create(action({ actionId: 'dup', payload: { first: false } }))
        .catch((e) => e);
      expect(DuplicateActionError.isInstance(error)).toBe(true);
      expect((await store.get('dup'))?.payload).toEqual({ first: true });
    });

    it('refuses a duplicate resume token hash and writes nothing', async () => {
      const hash = hashResumeToken(generateResumeToken());
      await store.create(action({ actionId: 'h1', resumeTokenHash: hash }));
      const error = await store.create(action({ actionId: 'h2', resumeTokenHash: hash })).catch((e) => e);
      expect(DuplicateActionError.isInstance(error)).toBe(true);
      expect(await store.get('h2')).toBeUndefined();
    });

    it('lets exactly one of concurrent creates with the same id win', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.create(action({ actionId: 'race' }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await store.list()).toHaveLength(1);
    });

    it('updates by compare-and-set, refusing stale versions and unknown ids', async () => {
      const created = await store.create(action({ actionId: 'u' }));
      const resolved = await store.update(created.resolve({ ok: true }, { now: T0 + 50 }));
      expect(resolved).toMatchObject({ version: 2, status: 'resolved', resolvedAt: T0 + 50 });
      const stale = await store.update(created.cancel('late')).catch((e) => e);
      expect(ConcurrentModificationError.isInstance(stale)).toBe(true);
      expect((await store.get('u'))?.toJSON()).toEqual(resolved.toJSON());
      const missing = await store.update(action({ actionId: 'ghost' })).catch((e) => e);
      expect(NotFoundError.isInstance(missing)).toBe(true);
    });

    it('accepts exactly one of concurrent updates based on the same version', async () => {
      const created = await store.create(action({ actionId: 'cas' }));
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => store.update(created.resolve({ winner: i }))),
      );
      const won = results.filter((r): r is PromiseFulfilledResult<ActionRecord> => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(
        results.every((r) => r.status === 'fulfilled' || ConcurrentModificationError.isInstance(r.reason)),
      ).toBe(true);
      expect((await store.get('cas'))?.resolution).toEqual(won[0]!.value.resolution);
    });

    it('deletes once, freeing the token hash', async () => {
      const created = await store.create(action({ actionId: 'd' }));
      expect(await store.delete('d')).toBe(true);
      expect(await store.delete('d')).toBe(false);
      expect(await store.get('d')).toBeUndefined();
      expect(await store.getByResumeTokenHash(created.resumeTokenHash)).toBeUndefined();
    });

    it('hands out records whose mutation cannot change the stored action', async () => {
      await store.create(action({ actionId: 'f', payload: { a: 1 } }));
      const read = (await store.get('f'))!;
      try {
        (read.payload as Record<string, unknown>).a = 2;
      } catch {
        // frozen: strict mode throws; either way the store must be unaffected
      }
      expect((await store.get('f'))?.payload).toEqual({ a: 1 });
    });

    describe('queries', () => {
      beforeEach(async () => {
        const rows: Partial<ActionRecordInit>[] = [
          { actionId: 'a1', jobId: 'job-1', type: 'confirm', expiresAt: T0 + 100 },
          {
            actionId: 'a2',
            jobId: 'job-1',
            type: 'input',
            status: ActionStatus.RESOLVED,
            resolution: {},
            expiresAt: T0 + 50,
          },
          { actionId: 'a3', jobId: 'job-2', scopeId: 'tenant-b', type: 'confirm' },
          { actionId: 'a4', jobId: 'job-2', type: 'approval', expiresAt: T0 + 200 },
          {
            actionId: 'a5',
            jobId: 'job-1',
            type: 'confirm',
            status: ActionStatus.EXPIRED,
            expiresAt: T0 + 10,
          },
          {
            actionId: 'a6',
            jobId: 'job-1',
            type: 'choose',
            status: ActionStatus.CANCELLED,
            expiresAt: T0 + 10,
          },
        ];
        for (const [i, row] of rows.entries()) await store.create(action({ ...row, createdAt: T0 + i }));
      });
      const ids = (actions: ActionRecord[]) => actions.map((a) => a.actionId);

      it.each([
        [{}, ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']],
        [{ jobId: 'job-2' }, ['a3', 'a4']],
        [{ scopeId: 'tenant-b' }, ['a3']],
        [{ status: ActionStatus.PENDING }, ['a1', 'a3', 'a4']],
        [{ status: [ActionStatus.EXPIRED, ActionStatus.CANCELLED] }, ['a5', 'a6']],
        [{ type: 'confirm' }, ['a1', 'a3', 'a5']],
        [{ jobId: 'job-1', status: ActionStatus.PENDING, type: 'confirm' }, ['a1']],
        [{ limit: 2 }, ['a1', 'a2']],
        [{ limit: 2, offset: 2 }, ['a3', 'a4']],
        [{ offset: 5 }, ['a6']],
      ] as const)('lists by %j in creation order', async (filter, expected) => {
        expect(ids(await store.list(structuredClone(filter) as never))).toEqual(expected);
      });

      it('rejects an invalid filter naming the field', async () => {
        const error = await store.list({ limit: 0 }).catch((e) => e);
        expect(ValidationError.isInstance(error)).toBe(true);
        expect(error.field).toBe('filter.limit');
      });

      it('lists the pending actions of a job', async () => {
        expect(ids(await store.listPendingForJob('job-1'))).toEqual(['a1']);
        expect(ids(await store.listPendingForJob('job-2'))).toEqual(['a3', 'a4']);
        expect(await store.listPendingForJob('job-9')).toEqual([]);
      });

      it('lists pending actions whose expiry is at or before now', async () => {
        expect(ids(await store.listExpired(T0 + 99))).toEqual([]);
        expect(ids(await store.listExpired(T0 + 100))).toEqual(['a1']);
        expect(ids(await store.listExpired(T0 + 10_000))).toEqual(['a1', 'a4']);
      });
    });
  });
}
