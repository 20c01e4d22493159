import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, InMemoryActionStore, RuntimeKernel } from './index';
import { oneStepDriver, scriptedKernel } from './test-helpers';

const THIRTY_DAYS_SECONDS = 30 * 24 * 3600;

describe('30-day timers on the system clock (past setTimeout’s 2³¹−1 ms)', () => {
  it('a job with timeoutSeconds of 30 days runs to its end instead of timing out at once', async () => {
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('done') });
    const handle = await kernel.execute({ prompt: 'hi', scopeId: 't', timeoutSeconds: THIRTY_DAYS_SECONDS });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'succeeded', content: 'done' });
    await kernel.shutdown();
  });

  it('an action wait of 30 days waits for the signal instead of re-reading the store in a loop', async () => {
    const actionStore = new InMemoryActionStore();
    let reads = 0;
    const get = actionStore.get.bind(actionStore);
    actionStore.get = (actionId) => {
      reads++;
      return get(actionId);
    };
    const confirm = defineTool({
      name: 'confirm',
      description: 'asks a human, who has 30 days',
      inputSchema: z.object({}),
      async execute(_input, toolContext) {
        const action = await toolContext.requireAction({
          type: 'confirm',
          timeoutSeconds: THIRTY_DAYS_SECONDS,
        });
        return { approved: action.resolution?.approved === true };
      },
    });
    const { kernel } = scriptedKernel(
      [{ toolCalls: [{ toolName: 'confirm', input: {}, toolCallId: 'c1' }] }, { text: 'ok' }],
      { kernel: { tools: [confirm], actionStore } },
    );
    const handle = await kernel.execute({ prompt: 'go', scopeId: 't' });
    for await (const event of handle.events()) {
      if (event.type !== 'action.required') continue;
      const before = reads;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(reads - before).toBeLessThanOrEqual(2);
      expect((await handle.job()).status).toBe('waiting_action');
      await kernel.actions.resolve({
        resumeToken: event.data.resumeToken,
        resolution: { approved: true },
      });
    }
    expect(await handle.result()).toMatchObject({ status: 'succeeded' });
    await kernel.shutdown();
  });
});
