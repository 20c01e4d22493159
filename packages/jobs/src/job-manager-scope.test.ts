import { type EventBus, NotFoundError, type RuntimeEvent, ValidationError } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryJobStore } from './in-memory-job-store';
import { JobManager } from './job-manager';
import type { JobRecord } from './job-record';

describe('JobManager scoped reads and cancel', () => {
  let store: InMemoryJobStore;
  let published: RuntimeEvent[];
  let jobs: JobManager;
  let mine: JobRecord;
  let theirs: JobRecord;

  beforeEach(async () => {
    store = new InMemoryJobStore();
    published = [];
    const eventBus = {
      publish: async (event: RuntimeEvent) => {
        published.push(event);
      },
    } as unknown as EventBus;
    jobs = new JobManager(store, { eventBus });
    mine = await jobs.create({ scopeId: 'tenant-a', idempotencyKey: 'k-1' });
    theirs = await jobs.create({ scopeId: 'tenant-b', idempotencyKey: 'k-2' });
  });

  it('get sees only the given scope (another scope reads as absent); without it, any scope', async () => {
    expect((await jobs.get(mine.jobId, { scopeId: 'tenant-a' }))?.jobId).toBe(mine.jobId);
    expect(await jobs.get(theirs.jobId, { scopeId: 'tenant-a' })).toBeUndefined();
    expect((await jobs.get(theirs.jobId))?.jobId).toBe(theirs.jobId);
  });

  it('list and getByIdempotencyKey return only the scope', async () => {
    expect((await jobs.list({}, { scopeId: 'tenant-a' })).map((j) => j.jobId)).toEqual([mine.jobId]);
    expect(await jobs.list({ scopeId: 'tenant-b' }, { scopeId: 'tenant-a' })).toEqual([]);
    expect(await jobs.list(undefined, { scopeId: 'tenant-c' })).toEqual([]);
    expect(await jobs.getByIdempotencyKey('k-2', { scopeId: 'tenant-a' })).toBeUndefined();
    expect((await jobs.getByIdempotencyKey('k-1', { scopeId: 'tenant-a' }))?.jobId).toBe(mine.jobId);
  });

  it("cancel of another scope's job is a NotFoundError and changes nothing", async () => {
    const before = await store.get(theirs.jobId);
    const eventsBefore = published.length;
    await expect(jobs.cancel(theirs.jobId, { scopeId: 'tenant-a', reason: 'x' })).rejects.toSatisfy(
      NotFoundError.isInstance,
    );
    expect(await store.get(theirs.jobId)).toEqual(before);
    expect(published.length).toBe(eventsBefore);
    const cancelled = await jobs.cancel(mine.jobId, { scopeId: 'tenant-a', reason: 'not needed' });
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { message: 'not needed' } });
    expect((await jobs.cancel(theirs.jobId, { reason: 'trusted' })).status).toBe('cancelled');
  });

  it.each([
    ['get', () => jobs.get(mine.jobId, { scopeId: '' })],
    ['list', () => jobs.list({}, { scopeId: 42 } as never)],
    ['getByIdempotencyKey', () => jobs.getByIdempotencyKey('k-1', { tenant: 'a' } as never)],
    ['cancel', () => jobs.cancel(mine.jobId, { scopeId: '' })],
  ])('%s refuses bad scope options with ValidationError', async (_, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toMatch(/^options/);
    expect((await store.get(mine.jobId))?.status).toBe('queued');
  });
});
