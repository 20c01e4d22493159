import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActionRequiredError, type AnyRuntimeEvent, defineTool } from './index';
import { scriptedKernel, typesOf } from './test-helpers';

const request = { prompt: 'Deploy the changes', scopeId: 'tenant-1', principalId: 'user-1' };
const deploySteps = [
  { toolCalls: [{ toolName: 'deploy_changes', input: { environment: 'production' }, toolCallId: 'd1' }] },
  { text: 'Deployed.' },
];

const deployed: string[] = [];
const deployChanges = defineTool({
  name: 'deploy_changes',
  description: 'Deploys after a human confirms',
  inputSchema: z.object({ environment: z.string() }),
  async execute({ environment }, toolContext) {
    const action = await toolContext.requireAction({
      type: 'confirm',
      payload: { message: 'Deploy to production?' },
      timeoutSeconds: 300,
    });
    if (action.resolution?.approved !== true) return { deployed: false };
    deployed.push(environment);
    return { deployed: true };
  },
});

describe('human in the loop from inside a tool', () => {
  it('deploy_changes: resolved from outside by resume token, the job resumes', async () => {
    deployed.length = 0;
    const { kernel } = scriptedKernel(deploySteps, { kernel: { tools: [deployChanges] } });
    const handle = await kernel.execute(request);
    const events: AnyRuntimeEvent[] = [];
    for await (const event of handle.events()) {
      events.push(event);
      if (event.type !== 'action.required') continue;
      expect(event.data).toMatchObject({
        actionType: 'confirm',
        payload: { message: 'Deploy to production?' },
      });
      expect((await handle.job()).status).toBe('waiting_action');
      // "outside": an API endpoint that only has the token the UI got
      await kernel.actions.resolve({
        resumeToken: event.data.resumeToken,
        resolution: { approved: true },
      });
    }
    expect(deployed).toEqual(['production']);
    const order = typesOf(events).filter((t) => /^(tool|action)\./.test(t));
    expect(order).toEqual(['tool.start', 'action.required', 'action.resolved', 'tool.end']);
    expect(events.find((e) => e.type === 'tool.end')?.data.output).toEqual({ deployed: true });
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'Deployed.' });
  });

  it('a rejection reaches the tool, which decides (here: does not deploy)', async () => {
    deployed.length = 0;
    const { kernel } = scriptedKernel(deploySteps, { kernel: { tools: [deployChanges] } });
    const handle = await kernel.execute(request);
    for await (const event of handle.events())
      if (event.type === 'action.required')
        await kernel.actions.resolve({
          resumeToken: event.data.resumeToken,
          resolution: { approved: false },
        });
    expect(deployed).toEqual([]);
    expect(await handle.result()).toMatchObject({ status: 'succeeded' });
  });

  it('a tool may throw ActionRequiredError: it runs again with the resolved action', async () => {
    const seen: unknown[] = [];
    const pick = defineTool({
      name: 'pick_region',
      description: 'asks which region',
      inputSchema: z.object({}),
      execute: (_input, toolContext) => {
        if (!toolContext.resolvedAction)
          throw new ActionRequiredError({ type: 'choose', payload: { options: ['eu', 'us'] } });
        seen.push(toolContext.resolvedAction.resolution);
        return toolContext.resolvedAction.resolution?.choice;
      },
    });
    const { kernel } = scriptedKernel(
      [{ toolCalls: [{ toolName: 'pick_region', input: {} }] }, { text: 'eu it is' }],
      {
        kernel: { tools: [pick] },
      },
    );
    const handle = await kernel.execute(request);
    for await (const event of handle.events())
      if (event.type === 'action.required') {
        expect(event.data.actionType).toBe('choose');
        await kernel.actions.resolve({
          resumeToken: event.data.resumeToken,
          resolution: { choice: 'eu' },
        });
      }
    expect(seen).toEqual([{ choice: 'eu' }]);
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'eu it is' });
  });

  it('cancelling a job that waits for an action cancels the action and ends the job cancelled', async () => {
    const { kernel } = scriptedKernel(deploySteps, { kernel: { tools: [deployChanges] } });
    const handle = await kernel.execute(request);
    let token = '';
    for await (const event of handle.events())
      if (event.type === 'action.required') {
        token = event.data.resumeToken;
        await handle.cancel('user changed their mind');
      }
    expect(await handle.result()).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(await kernel.actions.listPending({ jobId: handle.jobId })).toEqual([]);
    await expect(
      kernel.actions.resolve({ resumeToken: token, resolution: { approved: true } }),
    ).rejects.toThrow();
  });
});
