import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyRuntimeEvent, defineTool, ModelPolicy, PolicyEngine, ToolPolicy } from './index';
import { collect, scriptedKernel, typesOf } from './test-helpers';

const request = { prompt: 'Go', scopeId: 'tenant-1' };

function shellKernel(policyEngine: PolicyEngine) {
  const calls: string[] = [];
  const shell = defineTool({
    name: 'shell_exec',
    description: 'runs a command',
    inputSchema: z.object({ cmd: z.string() }),
    execute: ({ cmd }) => {
      calls.push(cmd);
      return `ran ${cmd}`;
    },
  });
  const { kernel, model } = scriptedKernel(
    [
      { toolCalls: [{ toolName: 'shell_exec', input: { cmd: 'ls' }, toolCallId: 'c1' }] },
      { text: 'finished' },
    ],
    { kernel: { tools: [shell], policyEngine } },
  );
  return { kernel, model, calls };
}

/** Resolves every approval the job asks for with `approved`, by resume token, from outside the job. */
async function answerApprovals(
  kernel: ReturnType<typeof shellKernel>['kernel'],
  events: AsyncIterable<AnyRuntimeEvent>,
  approved: boolean,
): Promise<AnyRuntimeEvent[]> {
  const seen: AnyRuntimeEvent[] = [];
  for await (const event of events) {
    seen.push(event);
    if (event.type === 'action.required') {
      expect(event.data.actionType).toBe('approval');
      const resumeToken = event.data.resumeToken;
      await kernel.actions.resolve({ resumeToken, resolution: { approved } });
    }
  }
  return seen;
}

describe('policy', () => {
  it('checks the model before the first step: a denied model fails the job without a model call', async () => {
    const policy = new PolicyEngine().addRule(
      new ModelPolicy({ modelPatterns: ['gpt-5*'], decision: 'deny' }),
    );
    const { kernel, model } = shellKernel(policy);
    const handle = await kernel.execute(request);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'failed', error: { code: 'POLICY_DENIED' } });
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('deny: the tool does not run, tool.error marks it denied and the model is told', async () => {
    const policy = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'deny', reason: 'no shells' }),
    );
    const { kernel, model, calls } = shellKernel(policy);
    const handle = await kernel.execute(request);
    const events = await collect(handle);
    const error = events.find((e) => e.type === 'tool.error');
    expect(error?.data).toMatchObject({
      toolName: 'shell_exec',
      denied: true,
      error: { code: 'POLICY_DENIED' },
    });
    expect(typesOf(events)).not.toContain('tool.start');
    expect(calls).toEqual([]);
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'finished' });
    expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain('no shells');
  });

  it('require_approval: an approval action, job waiting_action, resumes and runs the tool when approved', async () => {
    const policy = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'require_approval' }),
    );
    const { kernel, calls } = shellKernel(policy);
    const handle = await kernel.execute(request);
    const statuses: string[] = [];
    const events = await answerApprovals(
      kernel,
      (async function* () {
        for await (const event of handle.events()) {
          if (event.type === 'action.required') statuses.push((await handle.job()).status);
          yield event;
        }
      })(),
      true,
    );
    expect(statuses).toEqual(['waiting_action']);
    const transitions = events.filter((e) => e.type === 'job.status_changed').map((e) => e.data.to);
    expect(transitions).toEqual(['running', 'waiting_action', 'running', 'succeeded']);
    const order = typesOf(events).filter((t) => t.startsWith('action.') || t.startsWith('tool.'));
    expect(order).toEqual(['action.required', 'action.resolved', 'tool.start', 'tool.end']);
    expect(calls).toEqual(['ls']);
    expect(await handle.result()).toMatchObject({ status: 'succeeded' });
  });

  it('require_approval rejected: the tool is refused and the model told', async () => {
    const policy = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'require_approval' }),
    );
    const { kernel, model, calls } = shellKernel(policy);
    const handle = await kernel.execute(request);
    const events = await answerApprovals(kernel, handle.events(), false);
    expect(events.find((e) => e.type === 'tool.error')?.data).toMatchObject({ denied: true });
    expect(calls).toEqual([]);
    expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain('approval rejected');
    expect(await handle.result()).toMatchObject({ status: 'succeeded' });
  });

  it('warn: the tool runs and the warning is recorded on tool.start', async () => {
    const policy = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'warn', reason: 'shells are risky' }),
    );
    const { kernel, calls } = shellKernel(policy);
    const handle = await kernel.execute(request);
    const events = await collect(handle);
    expect(events.find((e) => e.type === 'tool.start')?.data).toMatchObject({
      policyWarning: 'shells are risky',
    });
    expect(calls).toEqual(['ls']);
  });

  it('the resume token appears only in the action.required event data', async () => {
    const policy = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'require_approval' }),
    );
    const { kernel } = shellKernel(policy);
    const handle = await kernel.execute(request);
    const events = await answerApprovals(kernel, handle.events(), true);
    const token = events.find((e) => e.type === 'action.required')?.data.resumeToken as string;
    expect(token.length).toBeGreaterThanOrEqual(22);
    const elsewhere = events.filter((e) => e.type !== 'action.required' && JSON.stringify(e).includes(token));
    expect(elsewhere).toEqual([]);
    expect(JSON.stringify(await handle.job())).not.toContain(token);
    expect(JSON.stringify(await handle.result())).not.toContain(token);
  });
});

describe('a policyRef naming a policy set that was never registered, inside a job', () => {
  const production = { ...request, policyRef: { name: 'production' } };

  it("unknownPolicySet 'default' (the default): the job runs on the default rules, the warning on its tool calls", async () => {
    const { kernel, calls } = shellKernel(new PolicyEngine());
    const handle = await kernel.execute(production);
    const events = await collect(handle);
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'finished' });
    expect(calls).toEqual(['ls']);
    const start = events.find((event) => event.type === 'tool.start');
    expect(start?.data.policyWarning).toContain('unknown policy set "production"');
  });

  it("unknownPolicySet 'deny': the job fails with PolicyDenied before the model is called", async () => {
    const { kernel, model, calls } = shellKernel(new PolicyEngine({ unknownPolicySet: 'deny' }));
    const result = await (await kernel.execute(production)).result();
    expect(result).toMatchObject({ status: 'failed', error: { code: 'POLICY_DENIED' } });
    expect(result.error?.message).toContain('unknown policy set "production"');
    expect(model.doStreamCalls).toHaveLength(0);
    expect(calls).toEqual([]);
  });
});
