import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AnyRuntimeEvent,
  defineTool,
  NotFoundError,
  REDACTED,
  ResumeTokenUsedError,
  ValidationError,
} from './index';
import { collect, scriptedKernel, waitForEvent } from './test-helpers';

const approve = defineTool({
  name: 'approve_it',
  description: 'asks a human',
  inputSchema: z.object({}),
  execute: async (_input, toolContext) => (await toolContext.requireAction({ type: 'confirm' })).resolution,
});
const askForApproval = { toolCalls: [{ toolName: 'approve_it', input: {}, toolCallId: 'c1' }] };

/** One kernel serving two tenants, each with one job waiting for its approval. */
async function twoTenants() {
  // model calls in order: each job's tool call (A, then B), then the final text of whichever goes on first
  const { kernel } = scriptedKernel([askForApproval, askForApproval, { text: 'done' }, { text: 'done' }], {
    kernel: { tools: [approve] },
  });
  const a = kernel.forScope('tenant-a');
  const b = kernel.forScope('tenant-b');
  const jobA = await a.execute({ prompt: 'deploy' });
  await waitForEvent(jobA, 'action.required');
  const jobB = await b.execute({ prompt: 'deploy' });
  await waitForEvent(jobB, 'action.required');
  const [actionA] = await a.listPendingActions();
  const [actionB] = await b.listPendingActions();
  return { kernel, a, b, jobA, jobB, actionA: actionA!, actionB: actionB! };
}

describe('kernel.forScope', () => {
  it('executes in its scope and refuses a request naming another one (no job is created)', async () => {
    const { a, jobA } = await twoTenants();
    expect((await a.getJob(jobA.jobId)).scopeId).toBe('tenant-a');
    const error = await a.execute({ prompt: 'p', scopeId: 'tenant-b' }).catch((e: unknown) => e);
    expect(ValidationError.isInstance(error) && error.field).toBe('request.scopeId');
    expect((await a.listJobs()).map((j) => j.jobId)).toEqual([jobA.jobId]);
  });

  it("sees none of another scope's jobs, actions or usage: each id is a NotFoundError", async () => {
    const { a, jobB, actionB, actionA } = await twoTenants();
    const notFound = (p: Promise<unknown>) => expect(p).rejects.toSatisfy(NotFoundError.isInstance);
    await notFound(a.getJob(jobB.jobId));
    await notFound(a.cancel(jobB.jobId));
    await notFound(a.cancelAction(actionB.actionId));
    await notFound(a.resolveAction(actionB.actionId, { approved: true }));
    await notFound(a.getUsage({ jobId: jobB.jobId }));
    expect((await a.listPendingActions()).map((x) => x.actionId)).toEqual([actionA.actionId]);
    expect(await a.listPendingActions({ jobId: jobB.jobId })).toEqual([]);
    expect((await jobB.job()).status).toBe('waiting_action');
  });

  it('resolves an action by id for an authenticated approver, and the job goes on', async () => {
    const { a, jobA, actionA } = await twoTenants();
    const events: AnyRuntimeEvent[] = [];
    const collecting = (async () => {
      for await (const event of jobA.events()) events.push(event);
    })();
    await a.resolveAction(actionA.actionId, { approved: true }, { principalId: 'approver-1' });
    expect(await jobA.result()).toMatchObject({ status: 'succeeded', content: 'done' });
    await collecting;
    expect(events.find((e) => e.type === 'action.resolved')?.data).toMatchObject({
      resolvedBy: 'approver-1',
    });
    await expect(a.resolveAction(actionA.actionId)).rejects.toSatisfy(ResumeTokenUsedError.isInstance);
    expect((await a.getUsage({ jobId: jobA.jobId })).requests).toBe(2);
    expect((await a.getUsage()).requests).toBe(2);
  });

  it('cancels its own job, which stops while waiting for its approval', async () => {
    const { a, jobA, jobB } = await twoTenants();
    expect((await a.cancel(jobA.jobId, { reason: 'not needed' })).status).toBe('cancelled');
    expect(await jobA.result()).toMatchObject({ status: 'cancelled' });
    expect(await a.listPendingActions()).toEqual([]);
    expect((await jobB.job()).status).toBe('waiting_action');
  });

  it("attaches to its own job with resume tokens redacted, though it shares the kernel's live buffer", async () => {
    const { kernel, a, jobA, actionA } = await twoTenants();
    const required = (events: AnyRuntimeEvent[]) => events.find((e) => e.type === 'action.required')?.data;
    const trusted = await kernel.attach(jobA.jobId);
    const scoped = await a.attach(jobA.jobId);
    const [trustedEvents, scopedEvents] = [collect(trusted), collect(scoped)];
    await a.resolveAction(actionA.actionId, { approved: true });
    expect(await scoped.result()).toMatchObject({ status: 'succeeded', content: 'done' });
    expect(required(await trustedEvents)?.resumeToken).toMatch(/\S{20,}/);
    expect(required(await scopedEvents)).toMatchObject({ actionId: actionA.actionId, resumeToken: REDACTED });
    expect((await scopedEvents).map((e) => e.type)).toEqual((await trustedEvents).map((e) => e.type));
  });

  it("refuses to attach to another scope's job exactly as to a job that does not exist", async () => {
    const { a, jobB } = await twoTenants();
    const refusal = async (jobId: string) => {
      const error = await a.attach(jobId).catch((e: unknown) => e);
      expect(error).toSatisfy(NotFoundError.isInstance);
      return { ...(error as NotFoundError), message: (error as Error).message.replace(jobId, '<id>') };
    };
    expect(await refusal(jobB.jobId)).toEqual({ ...(await refusal('job_missing')), id: jobB.jobId });
    expect((await jobB.job()).status).toBe('waiting_action');
  });

  it('refuses an empty scope id synchronously with ValidationError', async () => {
    const { kernel } = await twoTenants();
    expect(() => kernel.forScope('')).toThrow(ValidationError);
  });
});
