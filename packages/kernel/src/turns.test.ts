import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from './index';
import { scriptedKernel } from './test-helpers';

const ping = defineTool({
  name: 'ping',
  description: 'ping',
  inputSchema: z.object({}),
  execute: () => 'pong',
});
const pingSteps = (count: number) =>
  Array.from({ length: count }, () => ({ toolCalls: [{ toolName: 'ping', input: {} }] }));

describe('turns and step limits', () => {
  it('maxTurns above the driver default of 20 is passed through: 25 tool turns, then the answer', async () => {
    const { kernel, model } = scriptedKernel([...pingSteps(24), { text: 'done after 25 turns' }], {
      kernel: { tools: [ping] },
    });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's', budgets: { maxTurns: 30 } });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'succeeded', content: 'done after 25 turns', turns: 25 });
    expect(model.doStreamCalls).toHaveLength(25);
  });

  it('a run stopped at maxTurns while still calling tools fails with the maxTurns error, not an empty success', async () => {
    const { kernel, model } = scriptedKernel([...pingSteps(5), { text: 'never' }], {
      kernel: { tools: [ping] },
    });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's', budgets: { maxTurns: 3 } });
    const result = await handle.result();
    expect(result).toMatchObject({
      status: 'failed',
      content: '',
      turns: 3,
      error: { code: 'BUDGET_EXCEEDED', message: expect.stringContaining('maxTurns') },
    });
    expect(model.doStreamCalls).toHaveLength(3);
    expect((await kernel.jobs.get(result.jobId))?.status).toBe('failed');
  });

  it("a run stopped by the driver's own maxSteps fails and names it", async () => {
    const { kernel } = scriptedKernel([...pingSteps(5), { text: 'never' }], {
      kernel: { tools: [ping] },
      driver: { maxSteps: 2 },
    });
    const result = await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result();
    expect(result).toMatchObject({ status: 'failed', turns: 2, error: { code: 'BUDGET_EXCEEDED' } });
    expect(result.error?.message).toContain("driver's maxSteps");
  });

  it('without maxTurns the driver default (20) still stops a looping model, as a failure', async () => {
    const { kernel, model } = scriptedKernel(pingSteps(25), { kernel: { tools: [ping] } });
    const result = await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result();
    expect(result).toMatchObject({ status: 'failed', turns: 20 });
    expect(model.doStreamCalls).toHaveLength(20);
  });
});
