// kernel.executeOperator: the agents inside an operator job pass the same gates as a job's agent.
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type ScriptedStep, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { InMemoryArtifactStore } from '@agent-runtime/jobs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AgentOperator,
  ChainOperator,
  ConstraintPolicy,
  defineTool,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  type JobRecord,
  PolicyEngine,
  RuntimeKernel,
  type RuntimeKernelCreateOptions,
  type RuntimeTool,
  ToolPolicy,
} from '../index';
import { oneStepDriver } from '../test-helpers';

function agent(name: string, steps: readonly ScriptedStep[], tools: RuntimeTool[] = []) {
  const model = scriptedModel(steps, { modelId: 'm', honourMaxOutputTokens: true });
  const driver = aiSdkDriver({ model, middleware: 'none' });
  return { operator: new AgentOperator({ name, prompt: '{text}', driver, tools }), model };
}

const kernelWith = (options: Omit<RuntimeKernelCreateOptions, 'agent'> = {}) =>
  RuntimeKernel.create({ agent: oneStepDriver('unused'), ...options });

/** The next `action.required` of any job, with its resume token. */
function nextAction(
  kernel: RuntimeKernel,
): Promise<{ jobId: string; actionId: string; resumeToken: string }> {
  return new Promise((resolve) => {
    const subscription = kernel.events.subscribe(
      (event) => {
        if (event.type !== 'action.required') return;
        void subscription.then((s) => s.unsubscribe());
        resolve({
          jobId: event.jobId!,
          actionId: String(event.data.actionId),
          resumeToken: String(event.data.resumeToken),
        });
      },
      undefined,
      { includeSecrets: true },
    );
  });
}

const callTool = (toolName: string): ScriptedStep[] => [
  { toolCalls: [{ toolName, input: {} }] },
  { text: 'done' },
];

async function statusOf(kernel: RuntimeKernel, jobId: string): Promise<string | undefined> {
  return (await kernel.jobs.get(jobId))?.status;
}

describe('executeOperator: approvals wait on the child and the parent', () => {
  it('a child waiting for an approval puts the child and the operator job in waiting_action, both run again once resolved', async () => {
    const seen: Record<string, string | undefined> = {};
    let kernel!: RuntimeKernel;
    let parentJobId = '';
    const deploy = defineTool({
      name: 'deploy',
      description: 'deploys',
      inputSchema: z.object({}),
      execute: async (_input, { jobId }) => {
        seen.childAfter = await statusOf(kernel, jobId);
        seen.parentAfter = await statusOf(kernel, parentJobId);
        return 'deployed';
      },
    });
    const policyEngine = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['deploy'], decision: 'require_approval' }),
    );
    kernel = kernelWith({ policyEngine });
    const required = nextAction(kernel);
    const { operator } = agent('deployer', callTool('deploy'), [deploy]);
    const run = await kernel.executeOperator(new ChainOperator([operator]), { text: 'go' }, { scopeId: 's' });
    parentJobId = run.jobId;
    const action = await required;
    expect(action.jobId).not.toBe(run.jobId);
    expect(await kernel.jobs.get(action.jobId)).toMatchObject({
      parentJobId: run.jobId,
      status: 'waiting_action',
    });
    expect(await statusOf(kernel, run.jobId)).toBe('waiting_action');
    await kernel.actions.resolve({ resumeToken: action.resumeToken, resolution: { approved: true } });
    expect(await run.result()).toMatchObject({ success: true, content: 'done' });
    expect(seen).toEqual({ childAfter: 'running', parentAfter: 'running' });
    expect(await statusOf(kernel, run.jobId)).toBe('succeeded');
  });

  it('two parallel children waiting: the operator job runs again only after the last is resolved', async () => {
    const { ParallelOperator } = await import('../index');
    const policyEngine = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['deploy'], decision: 'require_approval' }),
    );
    const kernel = kernelWith({ policyEngine });
    const deploy = defineTool({
      name: 'deploy',
      description: 'deploys',
      inputSchema: z.object({}),
      execute: () => 'deployed',
    });
    const tokens: string[] = [];
    const bothRequired = new Promise<void>((resolve) => {
      void kernel.events.subscribe(
        (event) => {
          if (event.type === 'action.required') tokens.push(String(event.data.resumeToken));
          if (tokens.length === 2) resolve();
        },
        undefined,
        { includeSecrets: true },
      );
    });
    const parallel = new ParallelOperator({
      operators: [
        agent('a', callTool('deploy'), [deploy]).operator,
        agent('b', callTool('deploy'), [deploy]).operator,
      ],
    });
    const run = await kernel.executeOperator(parallel, { text: 'go' }, { scopeId: 's' });
    await bothRequired;
    await kernel.actions.resolve({ resumeToken: tokens[0]!, resolution: { approved: true } });
    expect(await statusOf(kernel, run.jobId)).toBe('waiting_action');
    await kernel.actions.resolve({ resumeToken: tokens[1]!, resolution: { approved: true } });
    expect(await run.result()).toMatchObject({ success: true });
    expect(await statusOf(kernel, run.jobId)).toBe('succeeded');
  });
});

describe('executeOperator: tools inside ask a human and make artifacts', () => {
  it('toolContext.requireAction waits on the child job and returns the resolution', async () => {
    const answers: unknown[] = [];
    const confirm = defineTool({
      name: 'confirm_deploy',
      description: 'asks first',
      inputSchema: z.object({}),
      execute: async (_input, { requireAction }) => {
        const action = await requireAction({
          type: 'confirm',
          payload: { message: 'Deploy to production?' },
        });
        answers.push(action.resolution?.approved);
        return action.resolution?.approved ? 'deployed' : 'skipped';
      },
    });
    const kernel = kernelWith();
    const required = nextAction(kernel);
    const { operator } = agent('deployer', callTool('confirm_deploy'), [confirm]);
    const run = await kernel.executeOperator(new ChainOperator([operator]), { text: 'go' }, { scopeId: 's' });
    const action = await required;
    expect(await statusOf(kernel, action.jobId)).toBe('waiting_action');
    expect(await statusOf(kernel, run.jobId)).toBe('waiting_action');
    await kernel.actions.resolve({ resumeToken: action.resumeToken, resolution: { approved: true } });
    expect(await run.result()).toMatchObject({ success: true, content: 'done' });
    expect(answers).toEqual([true]);
  });

  it('toolContext.createArtifact / updateArtifact: stored with the child job, listed in the operator result', async () => {
    const report = defineTool({
      name: 'write_report',
      description: 'writes the report',
      inputSchema: z.object({}),
      execute: async (_input, { createArtifact, updateArtifact }) => {
        const draft = await createArtifact({ name: 'q3.md', mimeType: 'text/markdown', content: 'draft' });
        await updateArtifact(draft.artifactId, { content: '# Q3', metadata: { status: 'final' } });
        return draft.artifactId;
      },
    });
    const kernel = kernelWith();
    const { operator } = agent('writer', callTool('write_report'), [report]);
    const run = await kernel.executeOperator(new ChainOperator([operator]), { text: 'go' }, { scopeId: 's' });
    const result = await run.result();
    expect(result).toMatchObject({ success: true });
    expect(result.artifacts).toEqual([
      {
        artifactId: expect.any(String),
        name: 'q3.md',
        mimeType: 'text/markdown',
        content: '# Q3',
        metadata: { status: 'final' },
        version: 2,
      },
    ]);
    const [child] = await childrenOf(kernel, run.jobId);
    expect((await (await kernel.attach(child!.jobId)).result()).artifacts).toEqual(result.artifacts);
  });
});

describe('executeOperator: every agent step is reserved against the ledger', () => {
  it("a tenant's daily token limit caps each child's step and refuses a step that cannot fit, before the model call", async () => {
    const kernel = kernelWith({ tokenEstimator: () => 30 });
    await kernel.ledger.setBudget({ scopeId: 's', maxTokensDaily: 100 });
    const first = agent('first', [{ text: 'long answer', usage: { inputTokens: 30, outputTokens: 500 } }]);
    const second = agent('second', [{ text: 'never' }]);
    const run = await kernel.executeOperator(
      new ChainOperator([first.operator, second.operator]),
      { text: 'go' },
      { scopeId: 's' },
    );
    const result = await run.result();
    expect(first.model.doStreamCalls.map((call) => call.maxOutputTokens)).toEqual([70]);
    expect(second.model.doStreamCalls).toHaveLength(0);
    expect(result).toMatchObject({ success: false, error: { name: 'BudgetExceededError' } });
    expect((await kernel.ledger.getUsage({ scopeId: 's' })).totalTokens).toBe(100);
  });

  it("the operator job's stored result, from any kernel over the stores, has the run's content, rolled-up usage and artifacts", async () => {
    const stores = { jobStore: new InMemoryJobStore(), ledgerWriter: new InMemoryLedgerWriter() };
    const artifactStore = new InMemoryArtifactStore();
    const note = defineTool({
      name: 'note',
      description: 'keeps a note',
      inputSchema: z.object({}),
      execute: async (_input, { createArtifact }) =>
        (await createArtifact({ name: 'n.txt', content: 'n' })).artifactId,
    });
    const kernel = kernelWith({ ...stores, artifactStore });
    const draft = agent('draft', [{ text: 'a draft', usage: { inputTokens: 10, outputTokens: 5 } }]);
    const polish = agent(
      'polish',
      [...callTool('note').slice(0, 1), { text: 'polished', usage: { inputTokens: 20, outputTokens: 7 } }],
      [note],
    );
    const run = await kernel.executeOperator(
      new ChainOperator([draft.operator, polish.operator]),
      { text: 'go' },
      { scopeId: 's' },
    );
    const live = await run.result();
    const other = kernelWith({ ...stores, artifactStore });
    const stored = await (await other.attach(run.jobId)).result();
    expect(stored).toMatchObject({
      status: 'succeeded',
      content: 'polished',
      usage: { totalTokens: live.usage?.totalTokens },
      artifacts: [{ name: 'n.txt', content: 'n' }],
    });
    expect(stored.usage.totalTokens).toBeGreaterThan(15);
  });

  it('usage rolls up: tool calls are recorded in the ledger under the child job and counted in the result', async () => {
    const ping = defineTool({
      name: 'ping',
      description: 'ping',
      inputSchema: z.object({}),
      execute: () => 'pong',
    });
    const kernel = kernelWith();
    const a = agent('a', callTool('ping'), [ping]);
    const b = agent('b', callTool('ping'), [ping]);
    const run = await kernel.executeOperator(
      new ChainOperator([a.operator, b.operator]),
      { text: 'go' },
      { scopeId: 's' },
    );
    const result = await run.result();
    expect(result.usage?.toolCalls).toBe(2);
    const children = await childrenOf(kernel, run.jobId);
    for (const child of children)
      expect(await kernel.ledger.getUsage({ jobId: child.jobId })).toMatchObject({
        toolCalls: 1,
        requests: 2,
      });
    const total = await kernel.ledger.getUsage({ scopeId: 's' });
    expect(result.usage?.totalTokens).toBe(total.totalTokens);
  });
});

describe('executeOperator: the constraint rules see each turn of the agents inside', () => {
  it('maxToolCallsPerTurn: a turn asking for more calls is refused as a batch, the model is told and goes on', async () => {
    const ran: number[] = [];
    const ping = defineTool({
      name: 'ping',
      description: 'ping',
      inputSchema: z.object({ n: z.number() }),
      execute: ({ n }) => {
        ran.push(n);
        return 'pong';
      },
    });
    const pings = (...ns: number[]) => ({ toolCalls: ns.map((n) => ({ toolName: 'ping', input: { n } })) });
    const policyEngine = new PolicyEngine().addRule(new ConstraintPolicy({ maxToolCallsPerTurn: 2 }));
    const kernel = kernelWith({ policyEngine });
    const worker = agent('worker', [pings(1, 2, 3), pings(4, 5), { text: 'done' }], [ping]);
    const run = await kernel.executeOperator(
      new ChainOperator([worker.operator]),
      { text: 'go' },
      { scopeId: 's' },
    );
    expect(await run.result()).toMatchObject({ success: true, content: 'done' });
    expect(ran).toEqual([4, 5]);
    expect(JSON.stringify(worker.model.doStreamCalls[1]?.prompt)).toContain('maxToolCallsPerTurn');
  });
});

describe('executeOperator: cancel and timeout reach a waiting child', () => {
  const waitingKernel = () => {
    const ran: string[] = [];
    const deploy = defineTool({
      name: 'deploy',
      description: 'deploys',
      inputSchema: z.object({}),
      execute: () => {
        ran.push('deploy');
        return 'deployed';
      },
    });
    const policyEngine = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['deploy'], decision: 'require_approval' }),
    );
    return { ran, deploy, policyEngine };
  };

  it('cancel() while a child waits: the action is withdrawn, child and operator job end cancelled, the tool never runs', async () => {
    const { ran, deploy, policyEngine } = waitingKernel();
    const kernel = kernelWith({ policyEngine });
    const required = nextAction(kernel);
    const { operator } = agent('deployer', callTool('deploy'), [deploy]);
    const run = await kernel.executeOperator(new ChainOperator([operator]), { text: 'go' }, { scopeId: 's' });
    const action = await required;
    await run.cancel('user pressed stop');
    expect(await run.result()).toMatchObject({ success: false, error: { code: 'CANCELLED' } });
    expect(await statusOf(kernel, run.jobId)).toBe('cancelled');
    await expect.poll(() => statusOf(kernel, action.jobId), { timeout: 5_000 }).toBe('cancelled');
    await expect
      .poll(async () => (await kernel.actions.get(action.actionId))?.status, { timeout: 5_000 })
      .toBe('cancelled');
    await expect(
      kernel.actions.resolve({ resumeToken: action.resumeToken, resolution: { approved: true } }),
    ).rejects.toMatchObject({ name: 'ActionCancelledError' });
    expect(ran).toEqual([]);
  });

  it('timeoutSeconds while a child waits: the operator job ends timed_out and the action is withdrawn', async () => {
    const { ran, deploy, policyEngine } = waitingKernel();
    const kernel = kernelWith({ policyEngine });
    const required = nextAction(kernel);
    const { operator } = agent('deployer', callTool('deploy'), [deploy]);
    const run = await kernel.executeOperator(
      new ChainOperator([operator]),
      { text: 'go' },
      { scopeId: 's', timeoutSeconds: 1 },
    );
    const action = await required;
    expect(await run.result()).toMatchObject({ success: false, error: { code: 'TIMEOUT' } });
    expect(await statusOf(kernel, run.jobId)).toBe('timed_out');
    await expect
      .poll(async () => (await kernel.actions.get(action.actionId))?.status, { timeout: 5_000 })
      .toBe('cancelled');
    expect(ran).toEqual([]);
  });
});

async function childrenOf(kernel: RuntimeKernel, parentJobId: string): Promise<JobRecord[]> {
  return kernel.jobs.list({ parentJobId });
}
