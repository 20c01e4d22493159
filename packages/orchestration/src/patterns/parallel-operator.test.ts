import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { ConcurrencyProbe, deferred, flush, operator, rootContext } from '../test-support';
import { ParallelFailureError } from './parallel-failure-error';
import { ParallelOperator } from './parallel-operator';

describe('ParallelOperator', () => {
  it('runs every operator on the same input and aggregates (the reference example)', async () => {
    const analysts = [1, 2, 3].map((n) => operator(`analyst${n}`, (input) => `${input.data} by ${n}`));
    const parallel = new ParallelOperator({
      operators: analysts,
      aggregator: (results) => ({ combined: results.map((r) => r.content) }),
      requireAllSuccess: false,
    });
    const result = await parallel.execute({ data: 'sales' }, rootContext());
    expect(result.success).toBe(true);
    expect(result.content).toEqual({ combined: ['sales by 1', 'sales by 2', 'sales by 3'] });
  });

  it('with requireAllSuccess false, aggregates only the successes', async () => {
    const bad = operator('bad', () => {
      throw new Error('no');
    });
    const parallel = new ParallelOperator({
      operators: [bad, operator('good', () => 'ok')],
      requireAllSuccess: false,
    });
    const result = await parallel.execute({}, rootContext());
    expect(result).toMatchObject({ success: true, content: 'ok' });
  });

  it('with requireAllSuccess (the default), one failure fails the whole', async () => {
    const bad = operator('bad', () => {
      throw new Error('no');
    });
    const result = await new ParallelOperator({ operators: [bad, operator('good', () => 'ok')] }).execute(
      {},
      rootContext(),
    );
    expect(result.success).toBe(false);
    expect(result.error?.code).toBe('PARALLEL_FAILURE');
    expect(result.error?.message).toContain('bad: no');
  });

  it('fails when nothing succeeds even without requireAllSuccess', async () => {
    const bad = operator('bad', () => {
      throw new Error('no');
    });
    const result = await new ParallelOperator({ operators: [bad], requireAllSuccess: false }).execute(
      {},
      rootContext(),
    );
    expect(result.error?.code).toBe(new ParallelFailureError([]).code);
  });

  it('reports a throwing aggregator as a failure', async () => {
    const parallel = new ParallelOperator({
      operators: [operator('a', () => 1)],
      aggregator: () => {
        throw new Error('cannot aggregate');
      },
    });
    expect((await parallel.execute({}, rootContext())).error?.message).toBe('cannot aggregate');
  });

  it('never runs more than maxParallel at once, and does reach it', async () => {
    const probe = new ConcurrencyProbe();
    const gate = deferred();
    const ops = Array.from({ length: 7 }, (_, i) =>
      operator(`op${i}`, () => probe.track(() => gate.promise)),
    );
    const context = rootContext();
    const running = new ParallelOperator({ operators: ops, maxParallel: 3 }).execute({}, context);
    await flush();
    expect(probe.running).toBe(3);
    gate.resolve();
    expect((await running).success).toBe(true);
    expect(probe.max).toBe(3);
  });

  it('is bounded by config.maxParallel when it sets none, and runs one at a time without parallelExecution', async () => {
    for (const [config, expected] of [
      [{ maxParallel: 2 }, 2],
      [{ parallelExecution: false }, 1],
    ] as const) {
      const probe = new ConcurrencyProbe();
      const ops = Array.from({ length: 5 }, (_, i) => operator(`op${i}`, () => probe.track(flush)));
      await new ParallelOperator({ operators: ops }).execute({}, rootContext({ config }));
      expect(probe.max).toBe(expected);
    }
  });

  it('validates its options', () => {
    expect(() => new ParallelOperator({ operators: [operator('a', () => 1)], maxParallel: 0 })).toThrow(
      ValidationError,
    );
  });
});
