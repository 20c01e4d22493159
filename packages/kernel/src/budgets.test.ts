import { ErrorCode } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ManualClock } from './index';
import { scriptedKernel } from './test-helpers';

const ping = defineTool({
  name: 'ping',
  description: 'ping',
  inputSchema: z.object({}),
  execute: () => 'pong',
});
const pingStep = (usage = { inputTokens: 10, outputTokens: 10 }) => ({
  toolCalls: [{ toolName: 'ping', input: {} }],
  usage,
});

describe('budgets', () => {
  it('maxTokens: checked before the next step; the job fails with BudgetExceededError, no further model call', async () => {
    const { kernel, model } = scriptedKernel(
      [pingStep({ inputTokens: 250, outputTokens: 250 }), { text: 'x' }],
      {
        kernel: { tools: [ping] },
      },
    );
    const result = await (
      await kernel.execute({ prompt: 'p', scopeId: 's', budgets: { maxTokens: 600 } })
    ).result();
    expect(result).toMatchObject({
      status: 'failed',
      error: { name: 'BudgetExceededError', code: 'BUDGET_EXCEEDED' },
    });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('maxToolCalls: the call beyond the limit ends the job failed', async () => {
    let runs = 0;
    const counted = defineTool({
      name: 'ping',
      description: 'ping',
      inputSchema: z.object({}),
      execute: () => ++runs,
    });
    const { kernel } = scriptedKernel([pingStep(), pingStep(), { text: 'x' }], {
      kernel: { tools: [counted] },
    });
    const result = await (
      await kernel.execute({ prompt: 'p', scopeId: 's', budgets: { maxToolCalls: 1 } })
    ).result();
    expect(result).toMatchObject({ status: 'failed', error: { code: 'BUDGET_EXCEEDED' } });
    expect(runs).toBe(1);
  });

  it('maxTurns: a step beyond the limit ends the job failed', async () => {
    const { kernel, model } = scriptedKernel([pingStep(), pingStep(), pingStep()], {
      kernel: { tools: [ping] },
    });
    const result = await (
      await kernel.execute({ prompt: 'p', scopeId: 's', budgets: { maxTurns: 2 } })
    ).result();
    expect(result).toMatchObject({ status: 'failed', turns: 2, error: { code: 'BUDGET_EXCEEDED' } });
    expect(result.error?.message).toContain('maxTurns');
    expect(model.doStreamCalls).toHaveLength(2);
  });

  it('maxCost: priced steps stop the job once the cost is spent', async () => {
    const { kernel, model } = scriptedKernel(
      [pingStep({ inputTokens: 1000, outputTokens: 0 }), { text: 'x' }],
      {
        kernel: {
          tools: [ping],
          pricing: { 'gpt-5-nano': { inputPerMillion: '1000', outputPerMillion: '1000' } },
        },
      },
    );
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's', budgets: { maxCost: '0.50' } });
    const result = await handle.result();
    expect(result).toMatchObject({
      status: 'failed',
      error: { code: 'BUDGET_EXCEEDED' },
      usage: { totalCost: '1' },
    });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('maxRuntimeSeconds: the job ends timed_out', async () => {
    const clock = new ManualClock();
    const slow = defineTool({
      name: 'ping',
      description: 'waits',
      inputSchema: z.object({}),
      execute: (_input, toolContext) => clock.sleep(60_000, toolContext.signal),
    });
    const { kernel } = scriptedKernel([pingStep(), { text: 'x' }], { kernel: { tools: [slow], clock } });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's', budgets: { maxRuntimeSeconds: 5 } });
    while (clock.pendingSleeps < 2) await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(5_000);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'timed_out', error: { code: 'TIMEOUT' } });
  });

  it('a tenant Budget is never overspent by concurrent jobs (reserve before, settle after)', async () => {
    const steps = Array.from({ length: 10 }, () => ({
      text: 'ok',
      usage: { inputTokens: 20, outputTokens: 10 },
    }));
    const { kernel, model } = scriptedKernel(steps, {
      chunkDelayMs: 1,
      // each step is sized to exactly its 20 input tokens and capped to 10 output tokens: 30 reserved
      kernel: { tokenEstimator: () => 20, maxStepOutputTokens: 10 },
    });
    await kernel.ledger.setBudget({ scopeId: 'tenant-1', maxTokensDaily: 100 });
    const handles = await Promise.all(
      Array.from({ length: 10 }, (_, i) => kernel.execute({ prompt: `p${i}`, scopeId: 'tenant-1' })),
    );
    const results = await Promise.all(handles.map((h) => h.result()));
    const succeeded = results.filter((r) => r.status === 'succeeded');
    expect(succeeded).toHaveLength(3);
    expect(results.filter((r) => r.error?.code === ErrorCode.BUDGET_EXCEEDED)).toHaveLength(7);
    expect((await kernel.ledger.writer.getUsage({ scopeId: 'tenant-1' })).totalTokens).toBe(90);
    expect(model.doStreamCalls).toHaveLength(3);
  });

  it("degrade: once a budget says degrade, the kernel switches to the driver's cheaper model", async () => {
    const { kernel, model, degradedModel } = scriptedKernel(
      [pingStep({ inputTokens: 80, outputTokens: 40 })],
      {
        kernel: { tools: [ping] },
        degradedSteps: [{ text: 'cheap answer', usage: { inputTokens: 5, outputTokens: 5 } }],
      },
    );
    await kernel.ledger.setBudget({ scopeId: 'tenant-1', maxTokensDaily: 100, exceedStrategy: 'degrade' });
    const result = await (await kernel.execute({ prompt: 'p', scopeId: 'tenant-1' })).result();
    expect(result).toMatchObject({ status: 'succeeded', content: 'cheap answer', turns: 2 });
    expect(model.doStreamCalls).toHaveLength(1);
    expect(degradedModel?.doStreamCalls).toHaveLength(1);
    const models = (
      await kernel.ledger.writer.listEvents({ jobId: result.jobId, eventType: 'model_usage' })
    ).map((e) => e.model);
    expect(models).toEqual(['gpt-5-nano', 'gpt-5-mini']);
  });
});
