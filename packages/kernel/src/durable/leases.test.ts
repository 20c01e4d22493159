import { stableHash } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ActionManager,
  defineTool,
  InMemoryActionStore,
  InMemoryEventBus,
  InMemoryJobStore,
  JobManager,
  JobRecord,
  JobRecoveryError,
  ManualClock,
  NotFoundError,
  PolicyEngine,
  type RuntimeEvent,
  ToolPolicy,
  ValidationError,
} from '../index';
import { scriptedKernel, waitForEvent } from '../test-helpers';
import type { KernelCheckpoint } from './kernel-checkpoint';

/** A tool that runs until `release()` (or until the job's signal aborts). */
function gatedTool() {
  let release: () => void = () => {};
  let entered: () => void = () => {};
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const tool = defineTool({
    name: 'slow',
    description: 'waits',
    inputSchema: z.object({}),
    execute: (_input, toolContext) =>
      new Promise<string>((resolve, reject) => {
        release = () => resolve('released');
        toolContext.signal.addEventListener('abort', () => reject(toolContext.signal.reason));
        entered();
      }),
  });
  return { tool, inside, release: () => release() };
}

const callSlow = [{ toolCalls: [{ toolName: 'slow', input: {}, toolCallId: 'c-slow' }] }, { text: 'done' }];

describe('leases and fencing', () => {
  it('a running job carries the kernel’s workerId as its lease owner; an ended job holds no lease', async () => {
    const gate = gatedTool();
    const { kernel } = scriptedKernel(callSlow, { kernel: { tools: [gate.tool], workerId: 'worker-a' } });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    await gate.inside;
    const running = await handle.job();
    expect(running.leaseOwner).toBe('worker-a');
    expect(running.leaseExpiresAt).toBeGreaterThan(Date.now());
    gate.release();
    await handle.result();
    const ended = await handle.job();
    expect(ended.status).toBe('succeeded');
    expect(ended.leaseOwner).toBeUndefined();
    expect(ended.leaseExpiresAt).toBeUndefined();
  });

  it('a kernel that lost its lease stops with LeaseLostError and writes nothing more; its handle follows the new owner', async () => {
    const clock = new ManualClock(Date.now());
    const jobStore = new InMemoryJobStore({ clock });
    const gate = gatedTool();
    const { kernel, model } = scriptedKernel(callSlow, {
      kernel: { tools: [gate.tool], clock, jobStore, leaseSeconds: 30 },
    });
    const events: RuntimeEvent[] = [];
    await kernel.events.subscribe((event) => {
      events.push(event);
    });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    await gate.inside;
    clock.set(clock.now() + 31_000);
    const taken = await jobStore.claimLease(handle.jobId, { owner: 'worker-b', leaseMs: 30_000 });
    expect(taken?.recoveries).toBe(1);
    const eventsBefore = events.length;
    gate.release();
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect((await jobStore.get(handle.jobId))?.toJSON()).toEqual(taken?.toJSON());
    expect(events.slice(eventsBefore).map((e) => e.type)).not.toContain('final.result');
    expect(model.doStreamCalls).toHaveLength(1);
    expect(kernel.activeExecutions).toBe(0);
    await new JobManager(jobStore, { leaseOwner: 'worker-b' }).complete(handle.jobId);
    expect((await handle.result()).status).toBe('succeeded');
  });

  it('cancel() through a bare JobManager (no shared bus) reaches the kernel running the job by its heartbeat', async () => {
    const jobStore = new InMemoryJobStore();
    const gate = gatedTool();
    const { kernel } = scriptedKernel(callSlow, {
      kernel: { tools: [gate.tool], jobStore, leaseSeconds: 1, heartbeatSeconds: 0.1 },
    });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    await gate.inside;
    const bare = new JobManager(jobStore);
    await bare.cancel(handle.jobId, { reason: 'from elsewhere' });
    const result = await handle.result();
    expect(result.status).toBe('cancelled');
    expect(kernel.activeExecutions).toBe(0);
    await kernel.shutdown();
  });

  it('options: the heartbeat must be shorter than the lease; bad values are a ValidationError naming the field', () => {
    const field = (kernel: Record<string, unknown>) => {
      try {
        scriptedKernel([], { kernel });
      } catch (error) {
        return ValidationError.isInstance(error) ? error.field : error;
      }
      return undefined;
    };
    expect(field({ leaseSeconds: 5, heartbeatSeconds: 5 })).toBe('options.heartbeatSeconds');
    expect(field({ leaseSeconds: 0 })).toBe('options.leaseSeconds');
    expect(field({ workerId: '' })).toBe('options.workerId');
    expect(field({ maxRecoveries: -1 })).toBe('options.maxRecoveries');
    expect(field({ sweepIntervalSeconds: 0 })).toBe('options.sweepIntervalSeconds');
    expect(scriptedKernel([]).kernel.workerId).toMatch(/^worker_/);
  });
});

/** A job whose kernel died after a step that called `deploy` twice. */
function crashedJob(jobId: string, inputs: { service: string }[]): JobRecord {
  const calls = inputs.map((input, i) => ({ toolCallId: `c${i + 1}`, toolName: 'deploy', input }));
  const checkpoint: KernelCheckpoint = {
    prompt: 'deploy',
    toolJournal: {},
    step: 1,
    messages: [
      { role: 'user', content: 'deploy' },
      { role: 'assistant', content: calls.map((call) => ({ type: 'tool-call', ...call })) },
    ],
    usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    pendingToolCalls: calls,
  };
  return new JobRecord({
    jobId,
    scopeId: 's',
    status: 'running',
    turn: 1,
    startedAt: Date.now(),
    leaseOwner: 'dead',
    leaseExpiresAt: Date.now() - 1,
    checkpoint: checkpoint as never,
  });
}

describe('resume', () => {
  it('an approval approves the tool call it was given for only (same call id, tool and input)', async () => {
    const jobStore = new InMemoryJobStore();
    const actionStore = new InMemoryActionStore();
    await jobStore.create(crashedJob('job-1', [{ service: 'api' }, { service: 'db' }]));
    const bare = new ActionManager(actionStore);
    const approve = async (toolCallId: string, input: unknown) => {
      const action = await bare.requireAction({
        jobId: 'job-1',
        scopeId: 's',
        type: 'approval',
        metadata: { toolCallId, actionKey: 'approval', toolName: 'deploy', inputHash: stableHash(input) },
      });
      await bare.resolve({ resumeToken: action.resumeToken!, resolution: { approved: true } });
    };
    await approve('c1', { service: 'api' });
    await approve('c2', { service: 'prod' }); // another input than the call's: must not approve c2
    const deployed: string[] = [];
    const deploy = defineTool({
      name: 'deploy',
      description: 'deploys',
      inputSchema: z.object({ service: z.string() }),
      execute: ({ service }) => {
        deployed.push(service);
        return 'ok';
      },
    });
    const policyEngine = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['deploy'], decision: 'require_approval' }),
    );
    const { kernel, model } = scriptedKernel([{ text: 'done' }], {
      kernel: { jobStore, actionStore, tools: [deploy], policyEngine, eventBus: new InMemoryEventBus() },
    });
    const handle = await kernel.resume('job-1');
    const required = await waitForEvent(handle, 'action.required');
    expect(required.data.toolCallId).toBe('c2');
    expect(deployed).toEqual(['api']);
    await kernel.actions.resolve({
      resumeToken: required.data.resumeToken,
      resolution: { approved: true },
    });
    expect((await handle.result()).status).toBe('succeeded');
    expect(deployed).toEqual(['api', 'db']);
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('resume() of an unknown job is NotFoundError; of a job with no kernel checkpoint JobRecoveryError, changing nothing', async () => {
    const jobStore = new InMemoryJobStore();
    const { kernel } = scriptedKernel([], { kernel: { jobStore } });
    expect(NotFoundError.isInstance(await kernel.resume('nope').catch((e) => e))).toBe(true);
    const foreign = await jobStore.create(new JobRecord({ jobId: 'j', scopeId: 's', status: 'running' }));
    expect(JobRecoveryError.isInstance(await kernel.resume('j').catch((e) => e))).toBe(true);
    expect((await jobStore.get('j'))?.toJSON()).toEqual(foreign.toJSON());
  });

  it('start() is idempotent and resolves after the first sweep, which recovers a crashed job', async () => {
    const jobStore = new InMemoryJobStore();
    await jobStore.create(crashedJob('job-2', [{ service: 'api' }]));
    const deploy = defineTool({
      name: 'deploy',
      description: 'deploys',
      inputSchema: z.object({ service: z.string() }),
      execute: () => 'ok',
    });
    const { kernel } = scriptedKernel([{ text: 'done' }], { kernel: { jobStore, tools: [deploy] } });
    await Promise.all([kernel.start(), kernel.start()]);
    const job = await jobStore.get('job-2');
    expect(job?.status === 'succeeded' || job?.leaseOwner === kernel.workerId).toBe(true);
    expect((await (await kernel.resume('job-2')).result()).status).toBe('succeeded');
    expect((await jobStore.get('job-2'))?.recoveries).toBe(1);
    await kernel.shutdown();
  });
});
