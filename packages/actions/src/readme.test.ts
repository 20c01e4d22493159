import {
  asAnyRuntimeEvent,
  type EventBus,
  type EventFilter,
  type EventHandler,
  type EventSubscription,
  matchesFilter,
  NotFoundError,
  type RuntimeEvent,
  type SubscribeOptions,
} from '@agent-runtime/core';
import { InMemoryJobStore, JobManager, JobStatus } from '@agent-runtime/jobs';
import { readmeAndSourceShapes } from '@agent-runtime/test-helpers';
import { describe, expect, it } from 'vitest';
import {
  ActionManager,
  ActionRecord,
  ActionStatus,
  hashResumeToken,
  InMemoryActionStore,
  InMemorySignalChannel,
} from './index';

/** A minimal in-process bus for the example (the real one is in @agent-runtime/events). */
class TinyBus implements EventBus {
  private readonly handlers: { handler: EventHandler; filter?: EventFilter }[] = [];
  async publish(event: RuntimeEvent): Promise<void> {
    for (const { handler, filter } of this.handlers)
      if (matchesFilter(event, filter)) void handler(asAnyRuntimeEvent(event));
  }
  async subscribe(
    handler: EventHandler,
    filter?: EventFilter,
    _options?: SubscribeOptions,
  ): Promise<EventSubscription> {
    this.handlers.push({ handler, filter });
    return { id: String(this.handlers.length), unsubscribe: async () => {} };
  }
  async close(): Promise<void> {}
}

describe('README examples', () => {
  it('Quick start: with human-in-the-loop', async () => {
    const eventBus = new TinyBus();
    const jobManager = new JobManager(new InMemoryJobStore());
    const job = await jobManager.start((await jobManager.create({ scopeId: 'tenant-123' })).jobId);
    const deployed: string[] = [];
    const doDeploy = async () => {
      deployed.push(job.jobId);
    };
    const statusWhileWaiting: (string | undefined)[] = [];

    const actionManager = new ActionManager(new InMemoryActionStore(), {
      eventBus, // any EventBus, e.g. InMemoryEventBus from @agent-runtime/events
      jobManager, // moves the job to waiting_action and back
      signalChannel: new InMemorySignalChannel(),
    });

    // In your tool implementation
    async function deployChanges(context: { jobId: string }) {
      const action = await actionManager.requireAction({
        jobId: context.jobId,
        type: 'confirm',
        payload: { message: 'Deploy to production?' },
        timeoutSeconds: 300,
      });

      // Wait for user resolution
      const resolved = await actionManager.waitForResolution(action.actionId);

      if (resolved.resolution?.approved) {
        await doDeploy();
      }
    }

    // In the UI backend (trusted code: it asks for the token): show the payload, then resolve with the token
    await eventBus.subscribe(
      async (event) => {
        if (event.type !== 'action.required') return;
        statusWhileWaiting.push((await jobManager.get(job.jobId))?.status);
        await actionManager.resolve({ resumeToken: event.data.resumeToken, resolution: { approved: true } });
      },
      { eventTypes: ['action.required'] },
      { includeSecrets: true },
    );

    await deployChanges({ jobId: job.jobId });
    expect(deployed).toEqual([job.jobId]);
    expect(statusWhileWaiting).toEqual([JobStatus.WAITING_ACTION]);
    expect((await jobManager.get(job.jobId))?.status).toBe(JobStatus.RUNNING);
  });

  it('ActionRecord', () => {
    const action = new ActionRecord({
      actionId: 'action-123',
      jobId: 'job-456',
      type: 'confirm',
      payload: { message: 'Deploy to production?', details: '...' },
      status: ActionStatus.PENDING,
      expiresAt: Date.now() + 300_000, // 5 minute timeout
      resumeTokenHash: hashResumeToken('secure-token-xyz'),
      metadata: { source: 'deploy_tool' },
    });

    // Resolution
    const resolved = action.resolve({ approved: true, comment: 'LGTM' });
    const expired = action.expire();
    const cancelled = action.cancel('User cancelled');

    // Properties
    expect(action.isExpired(Date.now())).toBe(false);
    expect([resolved.status, expired.status, cancelled.status]).toEqual(['resolved', 'expired', 'cancelled']);
    expect(resolved.resolution).toEqual({ approved: true, comment: 'LGTM' });
  });

  it('ActionManager', async () => {
    const store = new InMemoryActionStore();
    const manager = new ActionManager(store);

    // Request an action
    const action = await manager.requireAction({
      jobId: 'job-123',
      type: 'confirm',
      payload: { message: 'Proceed?' },
      timeoutSeconds: 300,
      metadata: { tool: 'deploy' },
    });

    // Resolve by resume token (secure API endpoint)
    const resolved = await manager.resolve({
      resumeToken: action.resumeToken!,
      resolution: { approved: true },
    });

    // Cancel action
    const another = await manager.requireAction({ jobId: 'job-123', type: 'input' });
    await manager.cancel(another.actionId, { reason: 'User cancelled' });

    // Wait for resolution (in agent code)
    await manager.waitForResolution(action.actionId, {
      timeoutSeconds: 300,
      pollIntervalMs: 1000,
    });

    // List pending actions
    const pending = await manager.listPending({ jobId: 'job-123' });

    expect(resolved.resolution).toEqual({ approved: true });
    expect((await store.get(another.actionId))?.status).toBe(ActionStatus.CANCELLED);
    expect(pending).toEqual([]);
  });

  it('Tenant scope, resolving by id, and the recheck backstop', async () => {
    const warned: string[] = [];
    const actions = new ActionManager(new InMemoryActionStore(), {
      recheckIntervalMs: 5000, // the default
      onSignalError: (error) => warned.push(error.code),
    });
    const action = await actions.requireAction({ jobId: 'job-1', scopeId: 'tenant-a', type: 'approval' });

    expect(await actions.get(action.actionId, { scopeId: 'tenant-b' })).toBeUndefined();
    expect(await actions.listPending({ scopeId: 'tenant-b' })).toEqual([]);
    await expect(actions.cancel(action.actionId, { scopeId: 'tenant-b' })).rejects.toSatisfy(
      NotFoundError.isInstance,
    );

    const resolved = await actions.resolveAction(action.actionId, {
      scopeId: 'tenant-a',
      resolution: { approved: true },
      principalId: 'approver-7',
    });
    expect(resolved).toMatchObject({ status: ActionStatus.RESOLVED, resolution: { approved: true } });
    expect(warned).toEqual([]);
  });
});

describe('README interface copies', () => {
  it.each([
    ['ActionStore', 'action-store.ts'],
    ['SignalChannel', 'signal-channel.ts'],
  ])('%s has the members and parameters of the source', (name, file) => {
    const { readme, source } = readmeAndSourceShapes(
      new URL('../README.md', import.meta.url).pathname,
      new URL(file, import.meta.url).pathname,
      name,
    );
    expect(source).toBeDefined();
    expect(readme).toEqual(source);
  });
});
