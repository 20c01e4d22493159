import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { ExecutionContext } from '@agent-runtime/core';
import { InMemoryJobStore, JobManager } from '@agent-runtime/jobs';
import { InMemoryLedgerWriter, Ledger } from '@agent-runtime/ledger';
import { describe, expect, it } from 'vitest';
import { AgentOperator } from '../patterns/agent-operator';
import { ChainOperator } from '../patterns/chain-operator';
import { OperatorContext } from './operator-context';
import type { UsageRecorder } from './usage-recorder';

/** Real agents (the AI SDK driver over a scripted model), real jobs, a real ledger as the usage recorder. */
async function setup(budgets: { maxCost?: string; maxTokens?: number } = {}) {
  const jobs = new JobManager(new InMemoryJobStore());
  const writer = new InMemoryLedgerWriter();
  const ledger = new Ledger(writer, {
    pricing: { 'scripted-model': { inputPerMillion: '1000', outputPerMillion: '2000' } },
  });
  const parent = await jobs.create({ scopeId: 'tenant-1' });
  await jobs.start(parent.jobId);
  const usageRecorder: UsageRecorder = ledger;
  const context = OperatorContext.create(
    new ExecutionContext({ scopeId: 'tenant-1', jobId: parent.jobId, budgets }),
    { jobManager: jobs, usageRecorder },
  );
  const agent = (name: string, text: string) =>
    new AgentOperator({
      name,
      prompt: '{text}',
      driver: scriptedDriver([{ text, usage: { inputTokens: 100, outputTokens: 50 } }], {
        middleware: 'none',
      }),
    });
  return { jobs, writer, parent, context, agent };
}

describe('usage roll-up through the ledger', () => {
  it('records each model step once under its child job, priced by the ledger, and rolls it up to the parent', async () => {
    const { writer, jobs, parent, context, agent } = await setup();
    const chain = new ChainOperator([agent('draft', 'a draft'), agent('polish', 'polished')]);
    const result = await context.runChild(chain, { text: 'write' });
    expect(result).toMatchObject({ success: true, content: 'polished' });

    const steps = (result.metadata?.steps ?? []) as { jobId: string }[];
    expect(steps).toHaveLength(2);
    const chainJob = await jobs.get(result.jobId!);
    expect(chainJob?.parentJobId).toBe(parent.jobId);
    for (const step of steps) {
      expect((await jobs.get(step.jobId))?.parentJobId).toBe(chainJob?.jobId);
      expect(await writer.getUsage({ jobId: step.jobId })).toMatchObject({ totalTokens: 150, requests: 1 });
      const [event] = await writer.listEvents({ jobId: step.jobId });
      expect(event?.metadata).toMatchObject({ parentJobId: chainJob?.jobId });
    }
    // Scope totals count every step once; the parent's roll-up equals them, cost included (0.1 + 0.1 per step).
    const scope = await writer.getUsage({ scopeId: 'tenant-1' });
    expect(scope.totalTokens).toBe(300);
    expect(scope.cost.toString()).toBe('0.4');
    expect(context.usage.totalTokens).toBe(300);
    expect(context.usage.cost.toString()).toBe('0.4');
    expect(result.usage?.cost.toString()).toBe('0.4');
  });

  it('ledger-priced cost counts against inherited budgets: the second step finds nothing left', async () => {
    const { writer, context, agent } = await setup({ maxCost: '0.2' });
    const chain = new ChainOperator([agent('draft', 'a draft'), agent('polish', 'polished')]);
    const result = await context.runChild(chain, { text: 'write' });
    expect(result).toMatchObject({ success: false, metadata: { failedStep: 1 } });
    expect(result.error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      message: expect.stringContaining('maxCost'),
    });
    expect((await writer.getUsage({ scopeId: 'tenant-1' })).requests).toBe(1);
  });
});
