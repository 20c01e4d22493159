import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AgentOperator,
  ChainOperator,
  defineTool,
  ManualClock,
  type Operator,
  PolicyEngine,
  RuntimeKernel,
  ToolPolicy,
} from '../index';
import { oneStepDriver } from '../test-helpers';

const agent = (name: string, ...answers: string[]) =>
  new AgentOperator({
    name,
    prompt: `${name}: {text}`,
    driver: scriptedDriver(answers.map((text) => ({ text }))),
  });

function shellAgent(ran: string[]) {
  const shell = defineTool({
    name: 'shell_exec',
    description: 'runs a command',
    inputSchema: z.object({ cmd: z.string() }),
    execute: ({ cmd }) => {
      ran.push(cmd);
      return 'ok';
    },
  });
  return new AgentOperator({
    name: 'operator',
    prompt: '{text}',
    tools: [shell],
    driver: scriptedDriver([
      { toolCalls: [{ toolName: 'shell_exec', input: { cmd: 'ls' } }] },
      { text: 'done' },
    ]),
  });
}

const hanging: Operator = {
  name: 'hanging',
  role: 'specialist',
  description: 'never answers',
  execute: () => new Promise(() => {}),
};

describe('kernel.executeOperator', () => {
  it('runs the operator as a job, each child as a child job, usage in the ledger and rolled up', async () => {
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('unused') });
    const chain = new ChainOperator([agent('draft', 'a draft'), agent('polish', 'polished')]);
    const run = await kernel.executeOperator(chain, { text: 'write' }, { scopeId: 'tenant-1' });
    const result = await run.result();
    expect(result).toMatchObject({ success: true, content: 'polished', jobId: run.jobId });
    expect(await run.job()).toMatchObject({ status: 'succeeded', scopeId: 'tenant-1' });
    const children = (await kernel.jobs.list({ scopeId: 'tenant-1' })).filter(
      (j) => j.parentJobId === run.jobId,
    );
    expect(children.map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
    const usage = await kernel.ledger.writer.getUsage({ scopeId: 'tenant-1' });
    expect(usage.requests).toBe(2);
    expect(result.usage?.totalTokens).toBe(usage.totalTokens);
  });

  it('an operator that fails without an error of its own ends its job OPERATOR_FAILED, as orchestration does', async () => {
    const silent: Operator = {
      name: 'silent',
      role: 'specialist',
      description: 'fails without saying why',
      execute: async () => ({ content: null, success: false, operatorName: 'silent', role: 'specialist' }),
    };
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('unused') });
    const run = await kernel.executeOperator(silent, { text: 'go' }, { scopeId: 's' });
    expect(await run.result()).toMatchObject({ success: false });
    expect((await run.job())?.error).toEqual({
      message: 'silent failed',
      code: 'OPERATOR_FAILED',
      name: 'OperatorFailedError',
    });
  });

  it("agents inside pass the kernel's policy: a denied tool does not run", async () => {
    const ran: string[] = [];
    const policyEngine = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'deny' }),
    );
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('unused'), policyEngine });
    const run = await kernel.executeOperator(
      new ChainOperator([shellAgent(ran)]),
      { text: 'go' },
      { scopeId: 's' },
    );
    expect(await run.result()).toMatchObject({ success: true, content: 'done' });
    expect(ran).toEqual([]);
  });

  it('require_approval: an approval action on the child job, which waits, then the tool runs', async () => {
    const ran: string[] = [];
    const policyEngine = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'require_approval' }),
    );
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('unused'), policyEngine });
    const required = new Promise<{ jobId: string; resumeToken: string }>((resolve) => {
      void kernel.events.subscribe(
        (event) => {
          if (event.type === 'action.required')
            resolve({ jobId: event.jobId!, resumeToken: event.data.resumeToken });
        },
        undefined,
        { includeSecrets: true },
      );
    });
    const run = await kernel.executeOperator(
      new ChainOperator([shellAgent(ran)]),
      { text: 'go' },
      { scopeId: 's' },
    );
    const { jobId, resumeToken } = await required;
    const child = await kernel.jobs.get(jobId);
    expect(child).toMatchObject({ parentJobId: run.jobId, status: 'waiting_action' });
    expect(ran).toEqual([]);
    await kernel.actions.resolve({ resumeToken, resolution: { approved: true } });
    expect(await run.result()).toMatchObject({ success: true, content: 'done' });
    expect(ran).toEqual(['ls']);
  });

  it('cancel() stops the operator and its children; their jobs end cancelled', async () => {
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('unused') });
    const run = await kernel.executeOperator(new ChainOperator([hanging]), {}, { scopeId: 's' });
    await new Promise((r) => setTimeout(r, 20));
    await run.cancel('user pressed stop');
    expect(await run.result()).toMatchObject({ success: false, error: { code: 'CANCELLED' } });
    expect((await run.job())?.status).toBe('cancelled');
    const children = (await kernel.jobs.list({ scopeId: 's' })).filter((j) => j.parentJobId === run.jobId);
    await new Promise((r) => setTimeout(r, 20));
    expect((await kernel.jobs.get(children[0]!.jobId))?.status).toBe('cancelled');
  });

  it('timeoutSeconds ends the job timed_out', async () => {
    const clock = new ManualClock();
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('unused'), clock });
    const run = await kernel.executeOperator(
      new ChainOperator([hanging]),
      {},
      { scopeId: 's', timeoutSeconds: 5 },
    );
    await clock.advance(5_000);
    expect(await run.result()).toMatchObject({ success: false, error: { code: 'TIMEOUT' } });
    expect((await run.job())?.status).toBe('timed_out');
  });

  it('bad input is a ValidationError naming the field, and no job is created', async () => {
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('unused') });
    await expect(kernel.executeOperator(hanging, {}, { scopeId: '' })).rejects.toMatchObject({
      field: 'request.scopeId',
    });
    expect(await kernel.jobs.list({ scopeId: '' }).catch(() => [])).toEqual([]);
  });

  it('shutdown() waits for a running operator job through the grace, then cancels it and its children', async () => {
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('unused') });
    const run = await kernel.executeOperator(new ChainOperator([hanging]), {}, { scopeId: 's' });
    await kernel.shutdown({ graceSeconds: 0.2 });
    expect(await run.result()).toMatchObject({ success: false, error: { code: 'CANCELLED' } });
    expect((await run.job())?.status).toBe('cancelled');
    const [child] = await kernel.jobs.list({ parentJobId: run.jobId });
    await expect.poll(async () => (await kernel.jobs.get(child!.jobId))?.status).toBe('cancelled');
  });
});
