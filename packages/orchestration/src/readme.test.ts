// The README's examples, verbatim between the `// README` markers of each test.
import { readFileSync } from 'node:fs';
import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { ExecutionContext } from '@agent-runtime/core';
import { InMemoryJobStore, JobManager } from '@agent-runtime/jobs';
import { describe, expect, it } from 'vitest';
import {
  AgentOperator,
  AgentRole,
  ChainOperator,
  DebateOperator,
  DefaultRouter,
  ExecutionGraph,
  GraphEdge,
  GraphExecutor,
  GraphNode,
  MapReduceOperator,
  type Operator,
  OperatorContext,
  type OperatorInput,
  type OperatorResult,
  ParallelOperator,
  PlannerExecutorOperator,
} from './index';

async function setup() {
  // README: setup
  const jobs = new JobManager(new InMemoryJobStore());
  const parent = await jobs.create({ scopeId: 'tenant-123' });
  await jobs.start(parent.jobId);
  const context = OperatorContext.create(
    new ExecutionContext({ scopeId: 'tenant-123', jobId: parent.jobId, budgets: { maxTokens: 10_000 } }),
    { jobManager: jobs, config: { maxChildJobs: 10, maxDepth: 5, maxParallel: 5 } },
  );
  // A scripted agent: each model call answers the next text.
  const agent = (name: string, prompt: string, ...answers: string[]) =>
    new AgentOperator({ name, prompt, driver: scriptedDriver(answers.map((text) => ({ text }))) });
  // README: end
  return { jobs, parent, context, agent };
}

describe('README', () => {
  it('operators: the summarizer', async () => {
    const { context, jobs, parent } = await setup();
    // README: summarizer
    const summarizer = new AgentOperator({
      name: 'summarizer',
      role: AgentRole.SPECIALIST,
      description: 'Summarizes text content',
      driver: scriptedDriver([{ text: 'TypeScript adds types to JavaScript.' }]),
      prompt: 'Summarize the following:\n\n{text}',
    });
    const summary = await context.runChild(summarizer, { text: 'TypeScript is a typed superset of…' });
    // summary.content === 'TypeScript adds types to JavaScript.'; summary.jobId is a child job of the parent job

    // The same contract by hand:
    class ShoutOperator implements Operator {
      readonly name = 'shout';
      readonly role = AgentRole.SPECIALIST;
      readonly description = 'Upper-cases text';
      async execute(input: OperatorInput): Promise<OperatorResult> {
        return {
          content: String(input.text).toUpperCase(),
          success: true,
          operatorName: this.name,
          role: this.role,
        };
      }
    }
    // README: end
    expect(summary.content).toBe('TypeScript adds types to JavaScript.');
    expect((await jobs.get(summary.jobId!))?.parentJobId).toBe(parent.jobId);
    expect((await new ShoutOperator().execute({ text: 'hi' })).content).toBe('HI');
  });

  it('chain', async () => {
    const { context, agent } = await setup();
    // README: chain
    const chain = new ChainOperator([
      agent('preprocessor', 'Clean up:\n{text}', 'q3 revenue grew 12%'),
      agent('analyzer', 'Analyze:\n{text}', 'Growth is strong.'),
      agent('formatter', 'Format as a bullet:\n{text}', '- Growth is strong.'),
    ]);
    const chained = await chain.execute({ text: '  Q3 revenue GREW 12% !!' }, context);
    // chained.content === '- Growth is strong.'; on failure chained.metadata.failedStep says which step
    // README: end
    expect(chained.content).toBe('- Growth is strong.');
  });

  it('parallel', async () => {
    const { context, agent } = await setup();
    // README: parallel
    const parallel = new ParallelOperator({
      operators: [
        agent('analyst1', 'Assess {data}', 'bullish'),
        agent('analyst2', 'Assess {data}', 'bearish'),
        agent('analyst3', 'Assess {data}', 'neutral'),
      ],
      aggregator: (results) => ({ combined: results.map((r) => r.content) }),
      requireAllSuccess: false,
      maxParallel: 3,
    });
    const assessed = await parallel.execute({ data: 'ACME shares' }, context);
    // assessed.content → { combined: ['bullish', 'bearish', 'neutral'] }
    // README: end
    expect(assessed.content).toEqual({ combined: ['bullish', 'bearish', 'neutral'] });
  });

  it('limits', async () => {
    const { jobs, context, agent } = await setup();
    // README: limits
    const tooMany = await new MapReduceOperator({
      mapOperator: agent('document_summarizer', 'Summarize:\n{text}', 'never used'),
      reduceOperator: agent('summary_synthesizer', 'Combine:\n{text}', 'never used'),
      inputKey: 'documents',
    }).execute({ documents: Array.from({ length: 11 }, (_, i) => `doc ${i}`) }, context);
    // tooMany.success === false; tooMany.error.code === 'ORCHESTRATION_LIMIT'; no child was started
    // README: end
    expect(tooMany).toMatchObject({ success: false, error: { code: 'ORCHESTRATION_LIMIT' } });
    expect(await jobs.list({ scopeId: 'tenant-123' })).toHaveLength(1);
  });

  it('map-reduce', async () => {
    const { context, agent } = await setup();
    // README: map-reduce
    const mapReduce = new MapReduceOperator({
      mapOperator: agent('document_summarizer', 'Summarize:\n{text}', 'sum 1', 'sum 2', 'sum 3'),
      reduceOperator: agent('summary_synthesizer', 'Combine these summaries:\n{text}', 'All three agree.'),
      inputKey: 'documents',
      maxParallel: 5,
    });
    const combined = await mapReduce.execute({ documents: ['doc 1', 'doc 2', 'doc 3'] }, context);
    // map results keep the order of the documents; combined.content === 'All three agree.'
    // README: end
    expect(combined.content).toBe('All three agree.');
  });

  it('planner-executor', async () => {
    const { context, agent } = await setup();
    // README: planner-executor
    const plannerExecutor = new PlannerExecutorOperator({
      planner: agent(
        'planner',
        'Split into at most {maxSubtasks} subtasks, as a JSON array:\n{text}',
        '["Find AI trends", "Write the report"]',
      ),
      executor: agent('executor', 'Do: {task}', 'trends: agents, small models', 'report drafted'),
      synthesizer: agent('synthesizer', 'Write the final answer from:\n{text}', 'AI Trends 2026: a report.'),
      maxSubtasks: 10,
      parallelExecution: true,
    });
    const report = await plannerExecutor.execute({ task: 'Research AI trends and write a report' }, context);
    // report.content === 'AI Trends 2026: a report.'; report.metadata.subtasks lists the plan
    // README: end
    expect(report.content).toBe('AI Trends 2026: a report.');
    expect(report.metadata?.subtasks).toHaveLength(2);
  });

  it('debate', async () => {
    const { context, agent } = await setup();
    // README: debate
    const prompt = 'Debate: {text}\nEnd with POSITION: <answer>';
    const debate = new DebateOperator({
      debaters: [
        agent('agent1', prompt, 'POSITION: caching', 'POSITION: caching'),
        agent('agent2', prompt, 'POSITION: sharding', 'POSITION: caching'),
        agent('agent3', prompt, 'POSITION: caching', 'POSITION: caching'),
      ],
      moderator: agent('moderator', 'Summarize the debate:\n{text}', 'Consensus: add caching.'),
      maxRounds: 3,
      stopOnConsensus: true,
    });
    const outcome = await debate.execute({ topic: 'Best approach for solving X?' }, context);
    // outcome.content === 'Consensus: add caching.'; outcome.metadata: { rounds: 2, consensus: true, transcript }
    // README: end
    expect(outcome.content).toBe('Consensus: add caching.');
    expect(outcome.metadata).toMatchObject({ rounds: 2, consensus: true });
  });

  it('router', async () => {
    const { agent } = await setup();
    // README: router
    const availableOperators = [
      agent('summarizer', '{prompt}'),
      agent('analyzer', '{prompt}'),
      agent('general', '{prompt}'),
    ];
    const router = new DefaultRouter({
      rules: [
        { operatorName: 'summarizer', keywords: ['summarize', 'summary', 'brief'], priority: 10 },
        { operatorName: 'analyzer', keywords: ['analyze', 'analysis'], patterns: [/\bwhy\b/i], priority: 5 },
      ],
      defaultOperator: 'general',
    });
    const decision = await router.route({ prompt: 'Please summarize this...' }, availableOperators);
    // decision → { operatorName: 'summarizer', confidence: 1, reasoning: 'rule 0 matched summarize (priority 10)' }
    // README: end
    expect(decision).toMatchObject({ operatorName: 'summarizer', confidence: 1 });
  });

  it('graph', async () => {
    const { context, agent } = await setup();
    // README: graph
    const plannerOp = agent('planner', 'Plan: {text}', 'plan');
    const executorOp = agent('executor', 'Execute: {text}', 'part A', 'part B');
    const synthesizerOp = agent('synthesizer', 'Combine:\n{text}', 'A and B');
    const inputData = { text: 'Build the thing' };
    const graph = new ExecutionGraph();
    graph.addNode(new GraphNode('planner', plannerOp));
    graph.addNode(new GraphNode('exec1', executorOp));
    graph.addNode(new GraphNode('exec2', executorOp));
    graph.addNode(new GraphNode('synth', synthesizerOp));
    graph.addEdge(new GraphEdge('planner', 'exec1'));
    graph.addEdge(new GraphEdge('planner', 'exec2'));
    graph.addEdge(new GraphEdge('exec1', 'synth'));
    graph.addEdge(new GraphEdge('exec2', 'synth', { condition: (result) => result.success }));

    const executor = new GraphExecutor(graph, { maxParallel: 5 });
    const results = await executor.execute(inputData, context); // Map of nodeId → NodeResult
    const finalContent = executor.getFinalContent(); // 'A and B'
    // README: end
    expect([...results.values()].map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(finalContent).toBe('A and B');
  });
});

describe('README.md', () => {
  it('shows exactly the code these tests run', () => {
    const source = readFileSync(new URL('./readme.test.ts', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const blocks = [...source.matchAll(/\/\/ README: ([\w-]+)\n([\s\S]*?)\n\s*\/\/ README: end/g)];
    expect(blocks).toHaveLength(10);
    for (const [, , code] of blocks) expect(readme).toContain(dedent(code!));
  });
});

function dedent(code: string): string {
  const lines = code.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
