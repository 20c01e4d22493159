import {
  type BudgetSpecInput,
  type EventBus,
  ExecutionContext,
  ManualClock,
  type RuntimeEvent,
  ValidationError,
} from '@agent-runtime/core';
import { InMemoryJobStore, JobManager } from '@agent-runtime/jobs';
import { describe, expect, it } from 'vitest';
import { ConcurrencyProbe, deferred, flush, operator } from '../test-support';
import { OperatorContext, type OperatorContextOptions } from './operator-context';
import { OrchestrationLimitError } from './orchestration-limit-error';
import type { ChildUsage, UsageRecorder } from './usage-recorder';

function setup(options: OperatorContextOptions & { budgets?: BudgetSpecInput } = {}) {
  const clock = options.clock ?? new ManualClock();
  const jobs = new JobManager(new InMemoryJobStore(), { clock });
  const { budgets, ...rest } = options;
  return {
    jobs,
    clock,
    start: async () => {
      const parent = await jobs.start((await jobs.create({ scopeId: 'tenant-1', budgets })).jobId);
      const context = new ExecutionContext({ scopeId: 'tenant-1', jobId: parent.jobId, budgets });
      return { parent, context: OperatorContext.create(context, { jobManager: jobs, clock, ...rest }) };
    },
  };
}

const usage = (totalTokens: number) => ({
  inputTokens: totalTokens / 2,
  outputTokens: totalTokens / 2,
  totalTokens,
});
const spend = (tokens: number) =>
  operator('spender', async (_input, ctx) => {
    await ctx.recordModelUsage(usage(tokens), { provider: 'p', model: 'm' });
    return ctx.executionContext.budgets.maxTokens;
  });

describe('OperatorContext.runChild: child jobs', () => {
  it('runs a child as a child job of the parent job and completes it', async () => {
    const { jobs, start } = setup();
    const { parent, context } = await start();
    const result = await context.runChild(
      operator('summarizer', () => 'done'),
      {},
    );
    expect(result).toMatchObject({ success: true, content: 'done', jobId: expect.any(String) });
    const child = await jobs.get(result.jobId!);
    expect(child).toMatchObject({
      parentJobId: parent.jobId,
      status: 'succeeded',
      scopeId: 'tenant-1',
      traceId: context.executionContext.traceId,
      metadata: { operatorName: 'summarizer', role: 'specialist', depth: 1 },
    });
  });

  it('gives the child a context with its job, a new span under the parent span and the parent job in metadata', async () => {
    const { start } = setup();
    const { parent, context } = await start();
    const seen = await context.runChild(
      operator('probe', (_i, ctx) => ({ ...ctx.executionContext.toJSON(), depth: ctx.depth })),
      {},
    );
    expect(seen.content).toMatchObject({
      jobId: seen.jobId,
      parentSpanId: context.executionContext.spanId,
      depth: 1,
      metadata: { parentJobId: parent.jobId, operatorName: 'probe' },
    });
  });

  it('fails the child job with the error code when the operator fails', async () => {
    const { jobs, start } = setup();
    const { context } = await start();
    const result = await context.runChild(
      operator('broken', () => {
        throw new ValidationError({ field: 'x', message: 'bad x' });
      }),
      {},
    );
    expect(result).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await jobs.get(result.jobId!)).toMatchObject({
      status: 'failed',
      error: { message: 'bad x', code: 'VALIDATION_ERROR' },
    });
  });

  it('runs without jobs when there is no job manager or no parent job', async () => {
    const noManager = OperatorContext.create(new ExecutionContext({ scopeId: 's', jobId: 'j' }));
    expect(
      (
        await noManager.runChild(
          operator('a', () => 1),
          {},
        )
      ).jobId,
    ).toBeUndefined();
    const { jobs } = setup();
    const noParent = OperatorContext.create(new ExecutionContext({ scopeId: 's' }), { jobManager: jobs });
    expect(
      (
        await noParent.runChild(
          operator('a', () => 1),
          {},
        )
      ).jobId,
    ).toBeUndefined();
    expect(await jobs.list()).toHaveLength(0);
  });
});

describe('OperatorContext.runChild: limits', () => {
  it('refuses a child deeper than maxDepth, starting nothing', async () => {
    const { jobs, start } = setup({ config: { maxDepth: 2 } });
    const { context } = await start();
    const leaf = operator('leaf', () => 'leaf');
    const middle = operator('middle', async (_i, ctx) => (await ctx.runChild(leaf, {})).content);
    const tooDeep = operator('too-deep', async (_i, ctx) => (await ctx.runChild(middle, {})).error);
    expect((await context.runChild(middle, {})).content).toBe('leaf');
    const before = (await jobs.list()).length;
    const result = await context.runChild(tooDeep, {});
    expect(result.content).toMatchObject({
      code: 'ORCHESTRATION_LIMIT',
      message: expect.stringContaining('maxDepth'),
    });
    // too-deep (depth 1) and middle (depth 2) ran as jobs; the leaf at depth 3 was never created
    expect((await jobs.list()).length).toBe(before + 2);
    await expect(
      OperatorContext.create(new ExecutionContext({ scopeId: 's' }), { config: { maxDepth: 0 } }).runChild(
        leaf,
        {},
      ),
    ).rejects.toSatisfy((e) => OrchestrationLimitError.isInstance(e) && e.limit === 'maxDepth');
  });

  it('refuses more than maxChildJobs children per parent', async () => {
    const { jobs, start } = setup({ config: { maxChildJobs: 2 } });
    const { context } = await start();
    const op = operator('a', () => 1);
    await context.runChild(op, {});
    await context.runChild(op, {});
    await expect(context.runChild(op, {})).rejects.toSatisfy(
      (e) => OrchestrationLimitError.isInstance(e) && e.limit === 'maxChildJobs' && e.limitValue === 2,
    );
    expect(context.childJobCount).toBe(2);
    expect(await jobs.list()).toHaveLength(3);
  });

  it('never runs more than config.maxParallel children at once', async () => {
    const { start } = setup({ config: { maxParallel: 2 } });
    const { context } = await start();
    const probe = new ConcurrencyProbe();
    const op = operator('a', () => probe.track(flush));
    await Promise.all(Array.from({ length: 6 }, () => context.runChild(op, {})));
    expect(probe.max).toBe(2);
  });

  it('times a child out after timeoutSeconds (ManualClock), ending its job timed_out', async () => {
    const clock = new ManualClock();
    const { jobs, start } = setup({ clock, config: { timeoutSeconds: 30 } });
    const { context } = await start();
    let aborted = false;
    const slow = operator('slow', (_i, ctx) => {
      ctx.signal.addEventListener('abort', () => {
        aborted = true;
      });
      return new Promise(() => {});
    });
    const running = context.runChild(slow, {});
    await flush();
    await clock.advance(29_999);
    expect(aborted).toBe(false);
    await clock.advance(1);
    const result = await running;
    expect(result.error).toMatchObject({ code: 'TIMEOUT' });
    expect(aborted).toBe(true);
    expect((await jobs.get(result.jobId!))?.status).toBe('timed_out');
  });

  it('validates runChild options before starting anything', async () => {
    const { jobs, start } = setup();
    const { context } = await start();
    const op = operator('a', () => 1);
    await expect(context.runChild(op, {}, { timeoutSeconds: -1 })).rejects.toSatisfy(
      (e) => ValidationError.isInstance(e) && e.field === 'options.timeoutSeconds',
    );
    await expect(context.runChild(op, {}, { budgets: { maxTokens: 0 } })).rejects.toSatisfy(
      (e) => ValidationError.isInstance(e) && e.field === 'options.budgets.maxTokens',
    );
    expect(context.childJobCount).toBe(0);
    expect(await jobs.list()).toHaveLength(1);
  });
});

describe('OperatorContext.runChild: cancellation', () => {
  it('cancelling the parent cancels its running children and their jobs', async () => {
    const { jobs, start } = setup();
    const { context } = await start();
    const started = deferred();
    let count = 0;
    const stubborn = operator('stubborn', () => {
      if (++count === 2) started.resolve();
      return new Promise(() => {}); // ignores its signal: runChild must still return
    });
    const running = Promise.all([context.runChild(stubborn, {}), context.runChild(stubborn, {})]);
    await started.promise;
    context.executionContext.cancellation.cancel('user stopped');
    const results = await running;
    for (const result of results) {
      expect(result.error).toMatchObject({ code: 'CANCELLED' });
      expect(await jobs.get(result.jobId!)).toMatchObject({
        status: 'cancelled',
        error: { code: 'CANCELLED' },
      });
    }
    await expect(context.runChild(stubborn, {})).resolves.toMatchObject({ error: { code: 'CANCELLED' } });
  });

  it('a child still waiting for a slot when the parent is cancelled never starts', async () => {
    const { jobs, start } = setup({ config: { maxParallel: 1 } });
    const { context } = await start();
    const first = deferred();
    let runs = 0;
    const op = operator('op', () => {
      runs++;
      first.resolve();
      return new Promise(() => {});
    });
    const running = Promise.all([context.runChild(op, {}), context.runChild(op, {})]);
    await first.promise;
    context.executionContext.cancellation.cancel();
    const [a, b] = await running;
    expect([a?.error?.code, b?.error?.code]).toEqual(['CANCELLED', 'CANCELLED']);
    expect(b?.jobId).toBeUndefined();
    expect(runs).toBe(1);
    expect((await jobs.list()).filter((j) => j.parentJobId)).toHaveLength(1);
  });

  it('cancels grandchildren too', async () => {
    const { jobs, start } = setup();
    const { context } = await start();
    const waiting = deferred();
    const leaf = operator('leaf', () => {
      waiting.resolve();
      return new Promise(() => {});
    });
    const middle = operator('middle', (_i, ctx) => ctx.runChild(leaf, {}));
    const running = context.runChild(middle, {});
    await waiting.promise;
    context.executionContext.cancellation.cancel();
    await running;
    await flush();
    const statuses = (await jobs.list()).filter((j) => j.parentJobId).map((j) => j.status);
    expect(statuses).toEqual(['cancelled', 'cancelled']);
  });

  it('leaves children running when propagateCancellation is false', async () => {
    const { jobs, start } = setup({ config: { propagateCancellation: false } });
    const { context } = await start();
    const release = deferred();
    const running = context.runChild(
      operator('independent', async (_i, ctx) => {
        await release.promise;
        return ctx.signal.aborted;
      }),
      {},
    );
    await flush();
    context.executionContext.cancellation.cancel();
    release.resolve();
    const result = await running;
    expect(result).toMatchObject({ success: true, content: false });
    expect((await jobs.get(result.jobId!))?.status).toBe('succeeded');
  });
});

describe('OperatorContext: budgets and usage roll-up', () => {
  it('a child can spend at most what its parent has left', async () => {
    const { jobs, start } = setup({ budgets: { maxTokens: 100 } });
    const { context } = await start();
    const first = await context.runChild(spend(60), {});
    expect(first.content).toBe(100);
    const second = await context.runChild(spend(10), {}, { budgets: { maxTokens: 500 } });
    expect(second.content).toBe(40);
    expect((await jobs.get(second.jobId!))?.budgets.maxTokens).toBe(40);
    expect(context.remainingBudget().tokens).toBe(30);
    await context.runChild(spend(30), {});
    const refused = await context.runChild(spend(1), {});
    expect(refused).toMatchObject({ success: false, error: { code: 'BUDGET_EXCEEDED' } });
    expect(refused.jobId).toBeUndefined();
  });

  it('siblings running at once share what the parent has left', async () => {
    const { start } = setup({ budgets: { maxTokens: 50, maxCost: '1.00' } });
    const { context } = await start();
    const go = deferred();
    const results = await Promise.all([
      context.runChild(
        operator('a', async (_i, ctx) => {
          await ctx.recordModelUsage(usage(40), {
            provider: 'p',
            model: 'm',
            cost: ctx.remainingBudget().cost,
          });
          go.resolve();
        }),
        {},
      ),
      context.runChild(
        operator('b', async (_i, ctx) => {
          await go.promise;
          ctx.assertBudgetAvailable();
        }),
        {},
      ),
    ]);
    expect(results[0]?.success).toBe(true);
    expect(results[1]?.error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      message: expect.stringContaining('maxCost'),
    });
  });

  it('without inheritBudgets, a child gets only what it asks for', async () => {
    const { start } = setup({ budgets: { maxTokens: 10 }, config: { inheritBudgets: false } });
    const { context } = await start();
    const result = await context.runChild(spend(50), {}, { budgets: { maxTokens: 500 } });
    expect(result).toMatchObject({ success: true, content: 500 });
    expect(context.usage.totalTokens).toBe(50);
  });

  it('rolls usage of children and grandchildren up to the parent and reports it', async () => {
    const recorded: { jobId?: string; parentJobId?: unknown; tokens: number }[] = [];
    const rolledUp: ChildUsage[] = [];
    const recorder: UsageRecorder = {
      recordModelUsage: async (ctx, u) => {
        recorded.push({ jobId: ctx.jobId, parentJobId: ctx.metadata.parentJobId, tokens: u.totalTokens });
      },
      recordChildUsage: async (entry) => {
        rolledUp.push(entry);
      },
    };
    const { start } = setup({ usageRecorder: recorder });
    const { parent, context } = await start();
    const grandchild = spend(30);
    const child = operator('child', async (_i, ctx) => {
      await ctx.recordModelUsage(usage(10), { provider: 'p', model: 'm' });
      await ctx.runChild(grandchild, {});
      return ctx.usage.totalTokens;
    });
    const result = await context.runChild(child, {});
    expect(result.content).toBe(40);
    expect(result.usage).toMatchObject({ totalTokens: 40, toolCalls: 0 });
    expect(context.usage.totalTokens).toBe(40);
    // each model step is recorded once, under the job that made it
    expect(recorded.map((r) => r.tokens)).toEqual([10, 30]);
    expect(recorded[0]).toMatchObject({ jobId: result.jobId, parentJobId: parent.jobId });
    expect(recorded[1]?.parentJobId).toBe(result.jobId);
    // each child's total is handed up to its parent
    expect(rolledUp.map((r) => [r.parentContext.jobId, r.childJobId, r.usage.totalTokens])).toEqual([
      [result.jobId, expect.any(String), 30],
      [parent.jobId, result.jobId, 40],
    ]);
  });
});

describe('OperatorContext.publish', () => {
  it('publishes events stamped with the context, at the clock’s time', async () => {
    const events: RuntimeEvent[] = [];
    const bus: EventBus = {
      publish: async (e) => {
        events.push(e);
      },
      subscribe: async () => ({ id: 'x', unsubscribe: async () => {} }),
      close: async () => {},
    };
    const clock = new ManualClock(1_000);
    const context = OperatorContext.create(new ExecutionContext({ scopeId: 's', jobId: 'j' }), {
      eventBus: bus,
      clock,
    });
    await context.publish('progress', { progress: 0.5, message: 'half' });
    expect(events[0]).toMatchObject({ type: 'progress', jobId: 'j', scopeId: 's', timestamp: 1_000 });
    await OperatorContext.create(new ExecutionContext({ scopeId: 's' })).publish('progress', { progress: 1 });
  });

  it('validates its config', () => {
    expect(() =>
      OperatorContext.create(new ExecutionContext({ scopeId: 's' }), { config: { maxParallel: 0 } }),
    ).toThrow(expect.objectContaining({ field: 'config.maxParallel' }));
  });
});
