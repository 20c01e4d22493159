import { type EventBus, NotFoundError, type RuntimeEvent, ValidationError } from '@agent-runtime/core';
import { InMemoryJobStore, JobManager } from '@agent-runtime/jobs';
import { beforeEach, describe, expect, it } from 'vitest';
import { ActionManager } from './action-manager';
import type { ActionRecord } from './action-record';
import { InMemoryActionStore } from './in-memory-action-store';
import { InMemorySignalChannel } from './in-memory-signal-channel';
import { ResumeTokenUsedError } from './resume-token-used-error';

describe('ActionManager scoped reads, cancel and resolve by id', () => {
  let store: InMemoryActionStore;
  let jobs: JobManager;
  let manager: ActionManager;
  let published: RuntimeEvent[];
  let mine: ActionRecord;
  let theirs: ActionRecord;

  const runningJob = async (scopeId: string) =>
    (await jobs.start((await jobs.create({ scopeId })).jobId)).jobId;

  beforeEach(async () => {
    store = new InMemoryActionStore();
    jobs = new JobManager(new InMemoryJobStore());
    published = [];
    const eventBus = {
      publish: async (event: RuntimeEvent) => {
        published.push(event);
      },
    } as unknown as EventBus;
    manager = new ActionManager(store, {
      jobManager: jobs,
      eventBus,
      signalChannel: new InMemorySignalChannel(),
    });
    mine = await manager.requireAction({ jobId: await runningJob('tenant-a'), type: 'confirm' });
    theirs = await manager.requireAction({ jobId: await runningJob('tenant-b'), type: 'confirm' });
  });

  it('get and listPending see only the given scope; without it, any scope', async () => {
    expect((await manager.get(mine.actionId, { scopeId: 'tenant-a' }))?.actionId).toBe(mine.actionId);
    expect(await manager.get(theirs.actionId, { scopeId: 'tenant-a' })).toBeUndefined();
    expect((await manager.get(theirs.actionId))?.actionId).toBe(theirs.actionId);
    const pending = await manager.listPending({ scopeId: 'tenant-a' });
    expect(pending.map((a) => a.actionId)).toEqual([mine.actionId]);
    expect(await manager.listPending({ jobId: theirs.jobId, scopeId: 'tenant-a' })).toEqual([]);
    expect(await manager.listPending()).toHaveLength(2);
  });

  it("cancel and resolveAction of another scope's action are NotFoundErrors and change nothing", async () => {
    const before = await store.get(theirs.actionId);
    const eventsBefore = published.length;
    await expect(manager.cancel(theirs.actionId, { scopeId: 'tenant-a' })).rejects.toSatisfy(
      NotFoundError.isInstance,
    );
    await expect(manager.resolveAction(theirs.actionId, { scopeId: 'tenant-a' })).rejects.toSatisfy(
      NotFoundError.isInstance,
    );
    expect(await store.get(theirs.actionId)).toEqual(before);
    expect((await jobs.get(theirs.jobId))?.status).toBe('waiting_action');
    expect(published.length).toBe(eventsBefore);
    expect((await manager.cancel(mine.actionId, { scopeId: 'tenant-a', reason: 'no' })).cancelReason).toBe(
      'no',
    );
  });

  it('resolveAction resolves by id without the token, names the approver and wakes the waiter', async () => {
    const waiting = manager.waitForResolution(mine.actionId, { timeoutSeconds: 5 });
    const resolved = await manager.resolveAction(mine.actionId, {
      scopeId: 'tenant-a',
      resolution: { approved: true },
      principalId: 'approver-1',
    });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { approved: true } });
    expect((await waiting).resolution).toEqual({ approved: true });
    expect((await jobs.get(mine.jobId))?.status).toBe('running');
    expect(published.find((e) => e.type === 'action.resolved')?.data).toEqual({
      actionId: mine.actionId,
      actionType: 'confirm',
      resolution: { approved: true },
      resolvedBy: 'approver-1',
    });
    await expect(manager.resolveAction(mine.actionId)).rejects.toSatisfy(ResumeTokenUsedError.isInstance);
    await expect(manager.resolve({ resumeToken: mine.resumeToken! })).rejects.toSatisfy(
      ResumeTokenUsedError.isInstance,
    );
  });

  it.each([
    ['get', () => manager.get(mine.actionId, { scopeId: '' })],
    ['listPending', () => manager.listPending({ scope: 'a' } as never)],
    ['cancel', () => manager.cancel(mine.actionId, { scopeId: 7 } as never)],
    ['resolveAction', () => manager.resolveAction(mine.actionId, { principalId: '' })],
    ['resolveAction', () => manager.resolveAction(mine.actionId, { resolution: 'yes' } as never)],
  ])('%s refuses bad options with ValidationError and changes nothing', async (_, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toMatch(/^options/);
    expect((await store.get(mine.actionId))?.status).toBe('pending');
  });
});
