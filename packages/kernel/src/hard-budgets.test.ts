import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type ScriptedStep, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, RuntimeKernel, type RuntimeKernelCreateOptions, utf8ByteTokenEstimator } from './index';

const lookup = defineTool({
  name: 'lookup',
  description: 'Looks a word up',
  inputSchema: z.object({ word: z.string() }),
  execute: ({ word }) => `${word}: a word`,
});

/** A kernel over a scripted model that honours maxOutputTokens (or, with `ignoreCap`, ignores it). */
function kernelWith(
  steps: readonly ScriptedStep[],
  options: Omit<RuntimeKernelCreateOptions, 'agent'> = {},
  { ignoreCap = false } = {},
) {
  const model = scriptedModel(steps, { modelId: 'm', honourMaxOutputTokens: !ignoreCap });
  const agent = aiSdkDriver({ model, middleware: 'none' });
  return { kernel: RuntimeKernel.create({ agent, ...options }), model };
}

const run = async (kernel: RuntimeKernel, request: Partial<Parameters<RuntimeKernel['execute']>[0]> = {}) =>
  (await kernel.execute({ prompt: 'p', scopeId: 's', ...request })).result();

describe('hard budgets: each step is reserved and capped before the model call', () => {
  it("caps the call's maxOutputTokens at the headroom left after the estimated input", async () => {
    const { kernel, model } = kernelWith(
      [{ text: 'long answer', usage: { inputTokens: 10, outputTokens: 500 } }],
      {
        tokenEstimator: () => 30,
      },
    );
    const result = await run(kernel, { budgets: { maxTokens: 100 } });
    expect(model.doStreamCalls.map((call) => call.maxOutputTokens)).toEqual([70]);
    expect(result).toMatchObject({ status: 'succeeded', usage: { totalTokens: 80 } });
  });

  it('the cap is the tightest of every limit: request, scope, principal and session budgets', async () => {
    const { kernel, model } = kernelWith([{ text: 'x', usage: { inputTokens: 1, outputTokens: 900 } }], {
      tokenEstimator: () => 10,
    });
    await kernel.ledger.setBudget({ scopeId: 's', maxTokensDaily: 500 });
    await kernel.ledger.setBudget({ scopeId: 's', principalId: 'u', maxTokensTotal: 300 });
    await kernel.ledger.setBudget({ scopeId: 's', sessionId: 'chat', maxTokensDaily: 60 });
    await run(kernel, { principalId: 'u', sessionId: 'chat', budgets: { maxTokens: 400 } });
    expect(model.doStreamCalls[0]?.maxOutputTokens).toBe(50);
    expect((await kernel.ledger.writer.getUsage({ scopeId: 's', sessionId: 'chat' })).totalTokens).toBe(51);
  });

  it('refuses a step whose estimated input exceeds the headroom before the model is called', async () => {
    const { kernel, model } = kernelWith([{ text: 'never' }]);
    const result = await run(kernel, { prompt: 'x'.repeat(200), budgets: { maxTokens: 100 } });
    expect(result).toMatchObject({ status: 'failed', error: { name: 'BudgetExceededError' } });
    expect(result.error?.message).toContain('before the model call');
    expect(model.doStreamCalls).toHaveLength(0);
    expect((await kernel.ledger.writer.getUsage({ jobId: result.jobId })).totalTokens).toBe(0);
  });

  it('the default estimator counts the tools and instructions too', async () => {
    const input = {
      model: { provider: 'p', modelId: 'm' },
      messages: [{ role: 'user', content: 'hi' }],
      tools: [],
    };
    const bare = await utf8ByteTokenEstimator(input);
    const tool = { name: 'lookup', description: 'Looks a word up', inputSchema: { type: 'object' } };
    expect(await utf8ByteTokenEstimator({ ...input, tools: [tool] })).toBeGreaterThan(bare + 40);
    expect(await utf8ByteTokenEstimator({ ...input, instructions: 'é'.repeat(10) })).toBeGreaterThanOrEqual(
      bare + 20,
    );
    const { kernel, model } = kernelWith([{ text: 'x' }], { tools: [lookup] });
    const withTools = await run(kernel, { budgets: { maxTokens: 100 } });
    expect(withTools.status).toBe('failed');
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('cost limits cap through the pricing table: input cost + output cost stays within maxCost', async () => {
    const pricing = { m: { inputPerMillion: '1000', outputPerMillion: '2000' } };
    const { kernel, model } = kernelWith([{ text: 'x', usage: { inputTokens: 10, outputTokens: 10_000 } }], {
      pricing,
      tokenEstimator: () => 10,
    });
    const result = await run(kernel, { budgets: { maxCost: '0.05' } });
    // (0.05 - 10 × 0.001) / 0.002 = 20 output tokens
    expect(model.doStreamCalls[0]?.maxOutputTokens).toBe(20);
    expect(result).toMatchObject({ status: 'succeeded', usage: { totalCost: '0.05' } });
  });

  it('a provider that ignores the cap: the job ends failed with BudgetExceededError, content kept', async () => {
    const { kernel, model } = kernelWith(
      [{ text: 'the whole answer', usage: { inputTokens: 10, outputTokens: 200 } }],
      {},
      { ignoreCap: true },
    );
    const result = await run(kernel, { budgets: { maxTokens: 100 } });
    expect(model.doStreamCalls[0]?.maxOutputTokens).toBeLessThanOrEqual(100);
    expect(result).toMatchObject({
      status: 'failed',
      content: 'the whole answer',
      usage: { totalTokens: 210 },
      error: { name: 'BudgetExceededError', code: 'BUDGET_EXCEEDED' },
    });
    expect((await kernel.jobs.get(result.jobId))?.status).toBe('failed');
  });

  it('the same for maxCost with a provider-reported cost and an unpriced model', async () => {
    const steps = [{ text: 'priced by the provider', usage: { inputTokens: 1, outputTokens: 1 } }];
    const model = scriptedModel(steps, { modelId: 'unpriced' });
    const doStream = model.doStream.bind(model);
    model.doStream = async (call) => {
      const result = await doStream(call);
      const costly = result.stream.pipeThrough(
        new TransformStream({
          transform(part, controller) {
            controller.enqueue(
              part.type === 'finish' ? { ...part, providerMetadata: { gateway: { cost: '0.05' } } } : part,
            );
          },
        }),
      );
      return { ...result, stream: costly };
    };
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, middleware: 'none' }) });
    const result = await run(kernel, { budgets: { maxCost: '0.01' } });
    expect(result).toMatchObject({
      status: 'failed',
      content: 'priced by the provider',
      usage: { totalCost: '0.05' },
      error: { code: 'BUDGET_EXCEEDED' },
    });
  });

  it('steps under no hard limit are not capped, and soft limits do not cap', async () => {
    const { kernel, model } = kernelWith([{ text: 'x' }, { text: 'y' }]);
    await run(kernel);
    await kernel.ledger.setBudget({ scopeId: 's', maxTokensDaily: 10, exceedStrategy: 'warn' });
    await run(kernel);
    expect(model.doStreamCalls.map((call) => call.maxOutputTokens)).toEqual([undefined, undefined]);
  });

  it('maxStepOutputTokens bounds what one step holds, so one job cannot take the whole headroom', async () => {
    const { kernel, model } = kernelWith([{ text: 'x', usage: { inputTokens: 5, outputTokens: 9000 } }], {
      tokenEstimator: () => 5,
      maxStepOutputTokens: 256,
    });
    await kernel.ledger.setBudget({ scopeId: 's', maxTokensDaily: 1_000_000 });
    await run(kernel);
    expect(model.doStreamCalls[0]?.maxOutputTokens).toBe(256);
  });

  it('a tokenEstimator returning a non-number fails the job with a ValidationError naming it', async () => {
    const { kernel, model } = kernelWith([{ text: 'x' }], { tokenEstimator: () => Number.NaN });
    const result = await run(kernel, { budgets: { maxTokens: 100 } });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_ERROR' } });
    expect(result.error?.message).toContain('tokenEstimator');
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('a tool call with a declared cost is reserved under maxCost and refused before it runs', async () => {
    let runs = 0;
    const paid = defineTool({
      name: 'paid',
      description: 'costs 0.04 a call',
      inputSchema: z.object({}),
      cost: '0.04',
      execute: () => ++runs,
    });
    const call = { toolCalls: [{ toolName: 'paid', input: {} }], usage: { inputTokens: 1, outputTokens: 1 } };
    const { kernel, model } = kernelWith([call, call, call, { text: 'x' }], {
      tools: [paid],
      tokenEstimator: () => 1,
    });
    const result = await run(kernel, { budgets: { maxCost: '0.1' } });
    expect(runs).toBe(2);
    expect(result).toMatchObject({
      status: 'failed',
      usage: { totalCost: '0.08' },
      error: { code: 'BUDGET_EXCEEDED' },
    });
    expect(model.doStreamCalls).toHaveLength(3);
  });
});
