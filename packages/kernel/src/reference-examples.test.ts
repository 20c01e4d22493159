// The examples of the API reference, in TypeScript, against the kernel: Quick Start, budgets, human-in-the-loop, an
// ExecutionRequest with every field, and every orchestration pattern with its default OrchestrationConfig.
// (Replay with a prompt-only initial input: @agent-runtime/replay, deterministic-replay.test.ts.)
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedDriver, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AgentOperator,
  AgentRole,
  ChainOperator,
  DebateOperator,
  DefaultRouter,
  defineTool,
  ExecutionContext,
  ExecutionGraph,
  GraphEdge,
  GraphExecutor,
  GraphNode,
  MapReduceOperator,
  type Operator,
  type OperatorResult,
  ParallelOperator,
  PlannerExecutorOperator,
  RuntimeKernel,
} from './index';
import { oneStepDriver } from './test-helpers';

const agent = (name: string, ...answers: string[]) =>
  new AgentOperator({
    name,
    prompt: (input) => `${name}: ${JSON.stringify(input)}`,
    driver: scriptedDriver(answers.map((text) => ({ text }))),
  });
const operatorKernel = () => RuntimeKernel.create({ agent: oneStepDriver('unused') });
const request = { scopeId: 'tenant-123', principalId: 'user-456' };

async function runOperator(operator: Operator, input: Record<string, unknown>) {
  const kernel = operatorKernel();
  const run = await kernel.executeOperator(operator, input, request);
  const result = await run.result();
  const children = (await kernel.jobs.list({ scopeId: 'tenant-123' })).filter(
    (j) => j.parentJobId === run.jobId,
  );
  return { result, children, job: await run.job() };
}

describe('Quick Start', () => {
  it('basic execution: stream the events, get the result', async () => {
    const kernel = RuntimeKernel.create({
      agent: aiSdkDriver({ model: scriptedModel([{ text: 'A haiku.' }]) }),
    });
    const handle = await kernel.execute({
      prompt: 'Write a haiku about Python',
      scopeId: 'tenant-123',
      principalId: 'user-456',
    });
    const types: string[] = [];
    for await (const event of handle.events()) types.push(event.type);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'succeeded', content: 'A haiku.', turns: 1, artifacts: [] });
    expect(types.at(0)).toBe('job.status_changed');
    expect(types.at(-1)).toBe('final.result');
  });

  it('with budget enforcement: maxTokens 10000, maxCost 1.0, maxTurns 5', async () => {
    const kernel = RuntimeKernel.create({
      agent: aiSdkDriver({ model: scriptedModel([{ text: 'Analysis.' }]) }),
    });
    const handle = await kernel.execute({
      prompt: 'Analyze this document...',
      scopeId: 'tenant-123',
      budgets: { maxTokens: 10_000, maxCost: 1.0, maxTurns: 5 },
    });
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'Analysis.' });
  });

  it('with human-in-the-loop: the tool asks to confirm, a human approves, the deploy runs', async () => {
    const deployed: string[] = [];
    const deployChanges = defineTool({
      name: 'deploy_changes',
      description: 'Deploys after confirmation',
      inputSchema: z.object({}),
      async execute(_input, context) {
        const action = await context.requireAction({
          type: 'confirm',
          payload: { message: 'Deploy to production?' },
          timeoutSeconds: 300,
        });
        if (action.resolution?.approved) deployed.push(context.jobId);
        return { deployed: action.resolution?.approved === true };
      },
    });
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'deploy_changes', input: {} }] },
      { text: 'Done.' },
    ]);
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, tools: [deployChanges] }) });
    const handle = await kernel.execute({ prompt: 'Deploy', scopeId: 'tenant-123' });
    for await (const event of handle.events())
      if (event.type === 'action.required')
        await kernel.actions.resolve({
          resumeToken: event.data.resumeToken,
          resolution: { approved: true },
        });
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'Done.' });
    expect(deployed).toEqual([(await handle.job())?.jobId]);
  });
});

describe('Quick Start, human-in-the-loop as the reference writes it', () => {
  it("the tool asks the kernel's ActionManager itself (requireAction with its job id, then waitForResolution)", async () => {
    let kernel!: RuntimeKernel;
    const deployChanges = defineTool({
      name: 'deploy_changes',
      description: 'Deploys after confirmation',
      inputSchema: z.object({}),
      async execute(_input, context) {
        const action = await kernel.actions.requireAction({
          jobId: context.jobId,
          type: 'confirm',
          payload: { message: 'Deploy to production?' },
          timeoutSeconds: 300,
        });
        // the reference reads `action.resolution` after waiting; here the resolved record is what wait returns
        const resolved = await kernel.actions.waitForResolution(action.actionId);
        return { deployed: resolved.resolution?.approved === true };
      },
    });
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'deploy_changes', input: {} }] },
      { text: 'Done.' },
    ]);
    kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, tools: [deployChanges] }) });
    const handle = await kernel.execute({ prompt: 'Deploy', scopeId: 'tenant-123' });
    const types: string[] = [];
    for await (const event of handle.events()) {
      types.push(event.type);
      if (event.type === 'action.required')
        await kernel.actions.resolve({
          resumeToken: String(event.data.resumeToken),
          resolution: { approved: true },
        });
    }
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'Done.', turns: 2 });
    expect(types).not.toContain('tool.error');
    expect(types).toContain('tool.end');
    expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain('"value":{"deployed":true}');
    expect((await handle.job())?.recoveries).toBe(0);
  });
});

describe('Execution context and request', () => {
  it("the ExecutionContext example (traceId 'trace-ghi', spanId 'span-jkl', policyRef production@v1)", () => {
    const ctx = new ExecutionContext({
      scopeId: 'tenant-123',
      principalId: 'user-456',
      sessionId: 'session-789',
      runId: 'run-abc',
      jobId: 'job-def',
      traceId: 'trace-ghi',
      spanId: 'span-jkl',
      budgets: { maxTokens: 100_000, maxCost: 10.0, maxToolCalls: 100, maxTurns: 20, maxRuntimeSeconds: 300 },
      policyRef: { name: 'production', version: 'v1' },
      versions: { runtimeVersion: '1.0.0', llmClientVersion: '0.2.0', modelVersion: 'gpt-4-0125' },
      metadata: { env: 'production' },
    });
    expect(ctx.toRequestContext().traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(ExecutionContext.fromJSON(ctx.toJSON()).traceId).toBe('trace-ghi');
  });

  it("the ExecutionRequest example with policyRef 'production' runs on a plain PolicyEngine", async () => {
    const kernel = RuntimeKernel.create({
      agent: aiSdkDriver({ model: scriptedModel([{ text: 'Hello!' }]) }),
    });
    const handle = await kernel.execute({
      prompt: 'Hello, world!',
      scopeId: 'tenant-123',
      principalId: 'user-456',
      sessionId: 'session-789',
      idempotencyKey: 'unique-request-123',
      budgets: { maxTokens: 10_000 },
      policyRef: { name: 'production' },
      metadata: { source: 'api' },
      timeoutSeconds: 300,
    });
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'Hello!' });
  });
});

describe('orchestration patterns with the default OrchestrationConfig, run by the kernel', () => {
  it('ChainOperator', async () => {
    const chain = new ChainOperator([
      agent('preprocessor', 'clean'),
      agent('analyzer', 'analysed'),
      agent('formatter', 'formatted'),
    ]);
    const { result, children } = await runOperator(chain, { text: '...' });
    expect(result).toMatchObject({ success: true, content: 'formatted' });
    expect(children).toHaveLength(3);
  });

  it('ParallelOperator with an aggregator and requireAllSuccess false', async () => {
    const parallel = new ParallelOperator({
      operators: [agent('analyst1', 'up'), agent('analyst2', 'down'), agent('analyst3', 'flat')],
      aggregator: (results) => ({ combined: results.map((r) => r.content) }),
      requireAllSuccess: false,
    });
    const { result } = await runOperator(parallel, { data: '...' });
    expect(result).toMatchObject({ success: true, content: { combined: ['up', 'down', 'flat'] } });
  });

  it('MapReduceOperator over 10 documents, maxParallel 5', async () => {
    const summaries = Array.from({ length: 10 }, (_, i) => `summary ${i}`);
    const mapReduce = new MapReduceOperator({
      mapOperator: agent('document_summarizer', ...summaries),
      reduceOperator: agent('summary_synthesizer', 'all ten'),
      inputKey: 'documents',
      maxParallel: 5,
    });
    const documents = Array.from({ length: 10 }, (_, i) => `doc${i}`);
    const { result, children, job } = await runOperator(mapReduce, { documents });
    expect(result).toMatchObject({ success: true, content: 'all ten' });
    expect(children).toHaveLength(11);
    expect(job?.status).toBe('succeeded');
  });

  it('PlannerExecutorOperator with 10 subtasks, maxSubtasks 10, parallel', async () => {
    const plan = JSON.stringify(Array.from({ length: 10 }, (_, i) => `subtask ${i}`));
    const planner = new PlannerExecutorOperator({
      planner: agent('planner', plan),
      executor: agent('executor', ...Array.from({ length: 10 }, (_, i) => `done ${i}`)),
      synthesizer: agent('synthesizer', 'AI trends report'),
      maxSubtasks: 10,
      parallelExecution: true,
    });
    const { result, children } = await runOperator(planner, {
      task: 'Research AI trends and write a report',
    });
    expect(result).toMatchObject({ success: true, content: 'AI trends report' });
    expect(children).toHaveLength(12);
  });

  it('DebateOperator with 3 debaters, a moderator, 3 rounds, stopOnConsensus', async () => {
    const debater = (name: string) => agent(name, 'POSITION: A', 'POSITION: B', 'POSITION: C');
    const debate = new DebateOperator({
      debaters: [
        debater('agent1'),
        debater('agent2'),
        agent('agent3', 'POSITION: Z', 'POSITION: Y', 'POSITION: X'),
      ],
      moderator: agent('moderator', 'No consensus; A is strongest.'),
      maxRounds: 3,
      stopOnConsensus: true,
    });
    const { result, children } = await runOperator(debate, { topic: 'Best approach for solving X?' });
    expect(result).toMatchObject({ success: true, content: 'No consensus; A is strongest.' });
    expect(children).toHaveLength(10);
  });

  it('GraphExecutor over planner → exec1, exec2 → synth (maxParallel 5)', async () => {
    const graph = new ExecutionGraph()
      .addNode(new GraphNode('planner', agent('planner', 'plan')))
      .addNode(new GraphNode('exec1', agent('exec1', 'one')))
      .addNode(new GraphNode('exec2', agent('exec2', 'two')))
      .addNode(new GraphNode('synth', agent('synth', 'final')))
      .addEdge(new GraphEdge('planner', 'exec1'))
      .addEdge(new GraphEdge('planner', 'exec2'))
      .addEdge(new GraphEdge('exec1', 'synth'))
      .addEdge(new GraphEdge('exec2', 'synth'));
    const executor = new GraphExecutor(graph, { maxParallel: 5 });
    const asOperator: Operator = {
      name: 'graph',
      role: AgentRole.COORDINATOR,
      description: 'the graph',
      async execute(input, context): Promise<OperatorResult> {
        await executor.execute(input, context);
        const content = executor.getFinalContent();
        return {
          content,
          success: content !== undefined,
          operatorName: 'graph',
          role: AgentRole.COORDINATOR,
        };
      },
    };
    const { result, children } = await runOperator(asOperator, { text: 'input' });
    expect(result).toMatchObject({ success: true, content: 'final' });
    expect(children).toHaveLength(4);
  });

  it('DefaultRouter picks the operator by keywords and priority', async () => {
    const router = new DefaultRouter({
      rules: [
        { operatorName: 'summarizer', keywords: ['summarize', 'summary', 'brief'], priority: 10 },
        { operatorName: 'analyzer', keywords: ['analyze', 'analysis'], priority: 5 },
      ],
      defaultOperator: 'general',
    });
    const available = [agent('summarizer', 's'), agent('analyzer', 'a'), agent('general', 'g')];
    const decision = await router.route({ prompt: 'Please summarize this...' }, available);
    expect(decision.operatorName).toBe('summarizer');
    const chosen = available.find((o) => o.name === decision.operatorName)!;
    expect((await runOperator(chosen, { text: 'this' })).result).toMatchObject({
      success: true,
      content: 's',
    });
  });
});
