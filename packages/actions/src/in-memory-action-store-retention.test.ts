import { ManualClock, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { ActionRecord } from './action-record';
import { InMemoryActionStore } from './in-memory-action-store';

const T0 = Date.UTC(2026, 0, 1);

async function pending(store: InMemoryActionStore, jobId = 'job-1'): Promise<ActionRecord> {
  return store.create(ActionRecord.create({ jobId, type: 'approval', scopeId: 'tenant-a' }));
}

async function resolve(store: InMemoryActionStore, action: ActionRecord): Promise<void> {
  await store.update(action.resolve({ ok: true }, { now: T0 }));
}

describe('InMemoryActionStore retention', () => {
  it('drops the action settled first beyond retention.settledActions, with its token hash', async () => {
    const store = new InMemoryActionStore({ retention: { settledActions: 1 } });
    const first = await pending(store);
    const second = await pending(store);
    await resolve(store, first);
    await resolve(store, second);
    expect(await store.get(first.actionId)).toBeUndefined();
    expect(await store.getByResumeTokenHash(first.resumeTokenHash)).toBeUndefined();
    expect((await store.get(second.actionId))?.status).toBe('resolved');
  });

  it('never drops a pending action', async () => {
    const store = new InMemoryActionStore({ retention: { settledActions: 0, maxAgeSeconds: 1 } });
    const waiting = await pending(store);
    for (let i = 0; i < 20; i++) await resolve(store, await pending(store));
    expect((await store.get(waiting.actionId))?.isPending).toBe(true);
    expect((await store.list()).map((a) => a.actionId)).toEqual([waiting.actionId]);
  });

  it('drops settled actions retention.maxAgeSeconds after they settled', async () => {
    const clock = new ManualClock(T0);
    const store = new InMemoryActionStore({ clock, retention: { maxAgeSeconds: 10 } });
    const action = await pending(store);
    await resolve(store, action);
    clock.set(T0 + 9_000);
    expect((await store.get(action.actionId))?.status).toBe('resolved');
    clock.set(T0 + 10_000);
    expect(await store.get(action.actionId)).toBeUndefined();
  });

  it('rejects a bad retention naming the field', () => {
    expect(() => new InMemoryActionStore({ retention: { settledActions: -1 } })).toThrow(
      'options.retention.settledActions',
    );
    expect(() => new InMemoryActionStore({ retention: { maxAgeSeconds: -5 } })).toThrow(ValidationError);
  });
});
