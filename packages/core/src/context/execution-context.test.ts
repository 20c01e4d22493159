import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error';
import { SPAN_ID_PATTERN, TRACE_ID_PATTERN } from '../ids';
import { Decimal } from '../money';
import { budgetSpec } from './budget-spec';
import { CancellationToken } from './cancellation-token';
import { ExecutionContext } from './execution-context';
import { policyRef } from './policy-ref';
import { runVersions } from './run-versions';

function referenceContext() {
  return new ExecutionContext({
    scopeId: 'tenant-123',
    principalId: 'user-456',
    sessionId: 'session-789',
    runId: 'run-abc',
    jobId: 'job-def',
    budgets: { maxTokens: 100000, maxCost: 10.0, maxToolCalls: 100, maxTurns: 20, maxRuntimeSeconds: 300.0 },
    policyRef: { name: 'production', version: 'v1' },
    versions: { runtimeVersion: '1.0.0', llmClientVersion: '0.2.0', modelVersion: 'gpt-4-0125' },
    metadata: { env: 'production' },
  });
}

describe('ExecutionContext', () => {
  it('keeps what it is given and fills ids when absent', () => {
    const ctx = referenceContext();
    expect(ctx.scopeId).toBe('tenant-123');
    expect(ctx.budgets.maxCost).toBeInstanceOf(Decimal);
    expect(ctx.budgets.maxCost?.toString()).toBe('10');
    expect(ctx.versions.schemaVersion).toBe(1);
    expect(ctx.traceId).toMatch(TRACE_ID_PATTERN);
    expect(ctx.spanId).toMatch(SPAN_ID_PATTERN);
    expect(ctx.parentSpanId).toBeUndefined();
    const bare = new ExecutionContext({ scopeId: 't' });
    expect(bare.runId).toMatch(/^run_/);
    expect(bare.budgets).toEqual({});
    expect(bare.metadata).toEqual({});
    expect(bare.cancellation.isCancelled).toBe(false);
  });

  it('is immutable', () => {
    const ctx = referenceContext();
    expect(() => {
      (ctx as { scopeId: string }).scopeId = 'other';
    }).toThrow(TypeError);
  });

  it('child() opens a new span in the same trace with a child cancellation token', () => {
    const ctx = referenceContext();
    const child = ctx.child({ newSpan: true });
    expect(child.traceId).toBe(ctx.traceId);
    expect(child.spanId).not.toBe(ctx.spanId);
    expect(child.parentSpanId).toBe(ctx.spanId);
    expect(child.jobId).toBe(ctx.jobId);
    ctx.cancellation.cancel('parent stopped');
    expect(child.cancellation.isCancelled).toBe(true);
  });

  it('child({ newSpan: false }) keeps the span', () => {
    const ctx = referenceContext();
    const child = ctx.child({ newSpan: false });
    expect(child.spanId).toBe(ctx.spanId);
    expect(child.parentSpanId).toBe(ctx.parentSpanId);
    child.cancellation.cancel();
    expect(ctx.cancellation.isCancelled).toBe(false);
  });

  it('withJob() correlates a job and shares the token', () => {
    const ctx = new ExecutionContext({ scopeId: 't' });
    const jobCtx = ctx.withJob('job-xyz');
    expect(jobCtx.jobId).toBe('job-xyz');
    expect(jobCtx.spanId).toBe(ctx.spanId);
    expect(jobCtx.cancellation).toBe(ctx.cancellation);
    expect(ctx.jobId).toBeUndefined();
  });

  it('with() validates its patch', () => {
    const ctx = new ExecutionContext({ scopeId: 't' });
    expect(ctx.with({ sessionId: 's' }).sessionId).toBe('s');
    expect(() => ctx.with({ scopeId: '' })).toThrow(ValidationError);
  });

  it('toRequestContext() is the plain object for Layer 0, with a traceparent', () => {
    const ctx = referenceContext();
    const request = ctx.toRequestContext();
    expect(request).toEqual({
      scopeId: 'tenant-123',
      principalId: 'user-456',
      sessionId: 'session-789',
      runId: 'run-abc',
      jobId: 'job-def',
      traceId: ctx.traceId,
      spanId: ctx.spanId,
      traceparent: `00-${ctx.traceId}-${ctx.spanId}-01`,
      idempotencyKey: 'job-def',
      metadata: { env: 'production' },
    });
    expect(Object.getPrototypeOf(request)).toBe(Object.prototype);
  });

  it('round-trips through JSON exactly', () => {
    const ctx = referenceContext().child();
    const json = JSON.parse(JSON.stringify(ctx));
    expect(json.budgets.maxCost).toBe('10');
    const back = ExecutionContext.fromJSON(json);
    expect(back.toJSON()).toEqual(ctx.toJSON());
    expect(JSON.stringify(back)).toBe(JSON.stringify(ctx));
  });

  it.each([
    [{}, 'context.scopeId'],
    [{ scopeId: '' }, 'context.scopeId'],
    [{ scopeId: 't', traceId: '' }, 'context.traceId'],
    [{ scopeId: 't', spanId: '' }, 'context.spanId'],
    [{ scopeId: 't', budgets: { maxCost: '-1' } }, 'context.budgets.maxCost'],
    [{ scopeId: 't', budgets: { max_tokens: 5 } }, 'context.budgets'],
    [{ scopeId: 't', budgets: { maxTurns: 0 } }, 'context.budgets.maxTurns'],
    [{ scopeId: 't', policyRef: { name: '' } }, 'context.policyRef.name'],
    [{ scopeId: 't', versions: { schemaVersion: 0 } }, 'context.versions.schemaVersion'],
    [{ scopeId: 't', cancellation: {} }, 'context.cancellation'],
  ])('rejects %j naming %s', (input, field) => {
    try {
      new ExecutionContext(input as never);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('fromJSON rejects non-objects with a ValidationError', () => {
    for (const bad of [null, 42, 'x', []])
      expect(() => ExecutionContext.fromJSON(bad)).toThrow(ValidationError);
  });

  it('takes a given cancellation token', () => {
    const cancellation = new CancellationToken();
    expect(new ExecutionContext({ scopeId: 't', cancellation }).cancellation).toBe(cancellation);
  });
});

describe('ExecutionContext copies', () => {
  const base = () =>
    new ExecutionContext({
      scopeId: 'tenant-1',
      budgets: { maxCost: '2', maxTurns: 3 },
      policyRef: { name: 'prod' },
      metadata: { env: { region: 'eu' } },
    });

  it('are what the constructor builds from the same fields, frozen all the way and independent of the input', () => {
    const metadata = { env: { region: 'eu' } };
    const ctx = new ExecutionContext({ scopeId: 'tenant-1', metadata });
    metadata.env.region = 'us';
    expect(ctx.metadata).toEqual({ env: { region: 'eu' } });
    expect(
      Object.isFrozen(ctx.metadata.env) && Object.isFrozen(ctx.budgets) && Object.isFrozen(ctx.versions),
    ).toBe(true);
    const job = base().withJob('job-1');
    expect(job.toJSON()).toEqual(new ExecutionContext({ ...job.toJSON() }).toJSON());
    expect(job.withJob('job-2').metadata).toBe(job.metadata);
  });

  it.each([
    [(ctx: ExecutionContext) => ctx.withJob(''), 'context.jobId'],
    [(ctx: ExecutionContext) => ctx.withJob('j\u0000'), 'context.jobId'],
    [(ctx: ExecutionContext) => ctx.with({ metadata: { at: new Date() } as never }), 'context.metadata.at'],
    [(ctx: ExecutionContext) => ctx.with({ budgets: { maxTurns: 0 } }), 'context.budgets.maxTurns'],
    [(ctx: ExecutionContext) => ctx.with({ cancellation: {} as never }), 'context.cancellation'],
  ])('refuse a bad patch naming the field (%#: %s)', (change, field) => {
    expect(() => change(base())).toThrow(expect.objectContaining({ name: 'ValidationError', field }));
  });

  it('with() re-generates an id patched to undefined, as the constructor does', () => {
    const ctx = base();
    const again = ctx.with({ runId: undefined });
    expect(again.runId).toMatch(/^run_/);
    expect(again.runId).not.toBe(ctx.runId);
  });
});

describe('BudgetSpec, PolicyRef, RunVersions', () => {
  it('validate and normalize', () => {
    expect(budgetSpec({ maxCost: '1.50', maxTokens: 10 })).toEqual({
      maxCost: new Decimal('1.5'),
      maxTokens: 10,
    });
    expect(policyRef({ name: 'production', overrides: { allowWeb: true } })).toEqual({
      name: 'production',
      overrides: { allowWeb: true },
    });
    expect(runVersions({ runtimeVersion: '1.0.0' })).toEqual({ runtimeVersion: '1.0.0', schemaVersion: 1 });
  });

  it('name the bad field', () => {
    expect(() => budgetSpec({ maxToolCalls: -1 })).toThrow(/budgets\.maxToolCalls/);
    expect(() => policyRef({ name: 'p', version: '' })).toThrow(/policyRef\.version/);
    expect(() => runVersions({ schemaVersion: 1.5 })).toThrow(/versions\.schemaVersion/);
  });
});
