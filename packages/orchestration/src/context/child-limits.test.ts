import { ExecutionContext } from '@agent-runtime/core';
import { InMemoryJobStore, JobManager } from '@agent-runtime/jobs';
import { describe, expect, it } from 'vitest';
import { ChainOperator } from '../patterns/chain-operator';
import { DebateOperator } from '../patterns/debate-operator';
import { MapReduceOperator } from '../patterns/map-reduce-operator';
import { ParallelOperator } from '../patterns/parallel-operator';
import { PlannerExecutorOperator } from '../patterns/planner-executor-operator';
import { operator, rootContext } from '../test-support';
import { AgentRole } from './agent-role';
import type { Operator } from './operator-context';
import { OperatorContext, type OperatorContextOptions } from './operator-context';

const tenSubtasks = Array.from({ length: 10 }, (_, i) => `subtask ${i}`);
const tenDocuments = Array.from({ length: 10 }, (_, i) => `document ${i}`);

function counting() {
  const ran: string[] = [];
  const op = (name: string, fn: (input: Record<string, unknown>) => unknown, role?: AgentRole) =>
    operator(
      name,
      (input) => {
        ran.push(name);
        return fn(input);
      },
      role,
    );
  return { ran, op };
}

async function inJob(config: OperatorContextOptions['config'] = undefined) {
  const jobs = new JobManager(new InMemoryJobStore());
  const parent = await jobs.start((await jobs.create({ scopeId: 'tenant-1' })).jobId);
  const context = OperatorContext.create(new ExecutionContext({ scopeId: 'tenant-1', jobId: parent.jobId }), {
    jobManager: jobs,
    config,
  });
  const children = async () => (await jobs.list({ scopeId: 'tenant-1' })).filter((j) => j.parentJobId);
  return { context, children };
}

describe('maxChildJobs counts the work children of one parent run (default 10)', () => {
  it('a PlannerExecutor with a planner, 10 subtasks and a synthesizer succeeds with the default config', async () => {
    const { ran, op } = counting();
    const planner = new PlannerExecutorOperator({
      planner: op('planner', () => tenSubtasks, AgentRole.PLANNER),
      executor: op('executor', (input) => `done ${input.task}`),
      synthesizer: op('synthesizer', (input) => (input.results as string[]).length),
      maxSubtasks: 10,
    });
    const { context, children } = await inJob();
    const result = await planner.execute({ task: 'Research AI trends and write a report' }, context);
    expect(result).toMatchObject({ success: true, content: 10 });
    expect(ran.filter((name) => name === 'executor')).toHaveLength(10);
    expect(await children()).toHaveLength(12);
  });

  it('a MapReduce over 10 documents succeeds with the default config', async () => {
    const { context, children } = await inJob();
    const result = await new MapReduceOperator({
      mapOperator: operator('document_summarizer', (input) => `summary of ${input.text}`),
      reduceOperator: operator('summary_synthesizer', (input) => (input.results as string[]).length),
      inputKey: 'documents',
      maxParallel: 5,
    }).execute({ documents: tenDocuments }, context);
    expect(result).toMatchObject({ success: true, content: 10 });
    expect(await children()).toHaveLength(11);
  });

  it('a plan over the limit is a failed result before any subtask starts', async () => {
    const { ran, op } = counting();
    const planner = new PlannerExecutorOperator({
      planner: op('planner', () => tenSubtasks, AgentRole.PLANNER),
      executor: op('executor', () => 'x'),
      synthesizer: op('synthesizer', () => 'y'),
    });
    const result = await planner.execute({ task: 't' }, rootContext({ config: { maxChildJobs: 4 } }));
    expect(result).toMatchObject({
      success: false,
      error: { code: 'ORCHESTRATION_LIMIT', message: expect.stringContaining('maxChildJobs (4)') },
      metadata: { limit: 'maxChildJobs', limitValue: 4 },
    });
    expect(ran).toEqual(['planner']);
  });

  it.each<[string, (op: ReturnType<typeof counting>['op']) => Operator, Record<string, unknown>]>([
    ['map-reduce over 11 documents', (op) => mapReduce(op), { documents: [...tenDocuments, 'one more'] }],
    ['a parallel of 11 operators', (op) => parallelOf(op, 11), { text: 't' }],
    ['a chain of 11 operators', (op) => new ChainOperator(workers(op, 11)), { text: 't' }],
    [
      'a debate of 4 debaters over 3 rounds',
      (op) => new DebateOperator({ debaters: workers(op, 4), maxRounds: 3 }),
      { topic: 't' },
    ],
  ])('%s is a failed result with the limit error and nothing ran', async (_name, build, input) => {
    const { ran, op } = counting();
    const result = await build(op).execute(input, rootContext());
    expect(result.success).toBe(false);
    expect(result.error).toMatchObject({ code: 'ORCHESTRATION_LIMIT' });
    expect(ran).toEqual([]);
  });

  it('past maxDepth a pattern returns a failed result instead of throwing', async () => {
    const { ran, op } = counting();
    const context = rootContext({ config: { maxDepth: 0 } });
    const result = await parallelOf(op, 2).execute({ text: 't' }, context);
    expect(result).toMatchObject({ success: false, error: { code: 'ORCHESTRATION_LIMIT' } });
    expect(result.error?.message).toContain('maxDepth');
    expect(ran).toEqual([]);
  });
});

function workers(op: ReturnType<typeof counting>['op'], count: number): Operator[] {
  return Array.from({ length: count }, (_, i) => op(`worker-${i}`, () => 'POSITION: same'));
}

function parallelOf(op: ReturnType<typeof counting>['op'], count: number): Operator {
  return new ParallelOperator({ operators: workers(op, count) });
}

function mapReduce(op: ReturnType<typeof counting>['op']): Operator {
  return new MapReduceOperator({
    mapOperator: op('map', () => 'm'),
    reduceOperator: op('reduce', () => 'r'),
    inputKey: 'documents',
  });
}
