import { describe, expect, it } from 'vitest';
import { AgentRole } from '../context/agent-role';
import { ConcurrencyProbe, flush, operator, rootContext } from '../test-support';
import { parsePlan } from './plan';
import { PlannerExecutorOperator } from './planner-executor-operator';

const plannerSays = (plan: unknown) => operator('planner', () => plan, AgentRole.PLANNER);
const executor = operator('executor', (input) => `done: ${input.task}`, AgentRole.EXECUTOR);
const synthesizer = operator('synthesizer', (input) => `report(${(input.results as string[]).join('; ')})`);

describe('PlannerExecutorOperator', () => {
  it('plans, executes each subtask and synthesizes', async () => {
    const plan =
      '```json\n{"subtasks": ["research trends", {"description": "write report", "id": "w"}]}\n```';
    const pe = new PlannerExecutorOperator({
      planner: plannerSays(plan),
      executor,
      synthesizer,
      maxSubtasks: 10,
    });
    const result = await pe.execute({ task: 'Research AI trends and write a report' }, rootContext());
    expect(result).toMatchObject({
      success: true,
      content: 'report(done: research trends; done: write report)',
    });
    expect(result.metadata?.subtasks).toEqual([
      { id: 'subtask-1', description: 'research trends' },
      { id: 'w', description: 'write report' },
    ]);
  });

  it('keeps at most maxSubtasks subtasks and says how many it dropped', async () => {
    const pe = new PlannerExecutorOperator({
      planner: plannerSays(['a', 'b', 'c']),
      executor,
      maxSubtasks: 2,
    });
    const result = await pe.execute({ task: 't' }, rootContext());
    expect(result.content).toBe('done: a\n\ndone: b');
    expect(result.metadata?.droppedSubtasks).toBe(1);
  });

  it.each([
    ['not json at all', 'plan: is not JSON'],
    ['[]', 'plan'],
    ['{"steps": ["a"]}', 'plan'],
    ['[{"title": "x"}]', 'plan.0'],
  ])('fails with MalformedPlanError for %j', async (plan, field) => {
    const result = await new PlannerExecutorOperator({ planner: plannerSays(plan), executor }).execute(
      { task: 't' },
      rootContext(),
    );
    expect(result).toMatchObject({
      success: false,
      error: { code: 'MALFORMED_PLAN', name: 'MalformedPlanError' },
    });
    expect(result.error?.message).toContain(field);
  });

  it("falls back to one subtask (the whole task) with onMalformedPlan: 'single-task'", async () => {
    const pe = new PlannerExecutorOperator({
      planner: plannerSays('?'),
      executor,
      onMalformedPlan: 'single-task',
    });
    expect((await pe.execute({ task: 'whole task' }, rootContext())).content).toBe('done: whole task');
  });

  it('runs subtasks in parallel up to maxParallel, or one at a time seeing earlier results', async () => {
    const probe = new ConcurrencyProbe();
    const plan = ['a', 'b', 'c', 'd', 'e'];
    const tracked = operator('executor', () => probe.track(flush));
    await new PlannerExecutorOperator({
      planner: plannerSays(plan),
      executor: tracked,
      maxParallel: 2,
    }).execute({}, rootContext());
    expect(probe.max).toBe(2);
    const sequentialProbe = new ConcurrencyProbe();
    const seq = operator('executor', (input) =>
      sequentialProbe.track(async () => {
        await flush();
        return (input.previousResults as unknown[]).length;
      }),
    );
    const result = await new PlannerExecutorOperator({
      planner: plannerSays(plan.slice(0, 3)),
      executor: seq,
      parallelExecution: false,
    }).execute({}, rootContext());
    expect(sequentialProbe.max).toBe(1);
    expect(result.content).toBe('0\n\n1\n\n2');
  });

  it('reports which stage failed', async () => {
    const boom = (name: string) =>
      operator(name, () => {
        throw new Error(`${name} broke`);
      });
    const ctx = () => rootContext();
    const planFailed = await new PlannerExecutorOperator({ planner: boom('planner'), executor }).execute(
      {},
      ctx(),
    );
    expect(planFailed.metadata?.failedStage).toBe('plan');
    const execFailed = await new PlannerExecutorOperator({
      planner: plannerSays(['a']),
      executor: boom('x'),
    }).execute({}, ctx());
    expect(execFailed).toMatchObject({ error: { message: 'x broke' }, metadata: { failedStage: 'execute' } });
    const twoFailed = await new PlannerExecutorOperator({
      planner: plannerSays(['a', 'b']),
      executor: boom('x'),
    }).execute({}, ctx());
    expect(twoFailed).toMatchObject({
      error: { code: 'PARALLEL_FAILURE' },
      metadata: { failedStage: 'execute' },
    });
    const synthFailed = await new PlannerExecutorOperator({
      planner: plannerSays(['a']),
      executor,
      synthesizer: boom('s'),
    }).execute({}, ctx());
    expect(synthFailed.metadata?.failedStage).toBe('synthesize');
  });

  it('parsePlan accepts an already-parsed plan object', () => {
    expect(parsePlan({ subtasks: ['x'] }, 5)).toEqual({
      subtasks: [{ id: 'subtask-1', description: 'x' }],
      dropped: 0,
    });
  });
});
