import {
  BudgetExceededError,
  Decimal,
  ExecutionContext,
  InvalidTransitionError,
  ManualClock,
  ValidationError,
} from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryLedgerWriter } from './in-memory-ledger-writer';
import { Ledger } from './ledger';
import { LedgerEventType } from './ledger-event-type';

const scope = 'tenant-123';
const ctx = (init: Partial<ConstructorParameters<typeof ExecutionContext>[0]> = {}) =>
  new ExecutionContext({ scopeId: scope, principalId: 'user-456', jobId: 'job-1', ...init });

let clock: ManualClock;
let writer: InMemoryLedgerWriter;
let ledger: Ledger;
beforeEach(() => {
  clock = new ManualClock(Date.UTC(2026, 0, 31, 23, 59, 0));
  writer = new InMemoryLedgerWriter();
  ledger = new Ledger(writer, {
    clock,
    pricing: { 'gpt-4': { inputPerMillion: '30', outputPerMillion: '60' } },
  });
});

const useTokens = (tokens: number, context = ctx()) =>
  ledger.recordModelUsage(
    context,
    { inputTokens: tokens, outputTokens: 0 },
    { provider: 'openai', model: 'x' },
  );

describe('calendar windows in UTC', () => {
  it('daily limits reset at 00:00 UTC', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensDaily: 1000 });
    await useTokens(1000);
    expect((await ledger.checkBudget(ctx(), { pendingTokens: 1 })).decision).toBe('deny');
    clock.set(Date.UTC(2026, 0, 31, 23, 59, 59, 999));
    expect((await ledger.checkBudget(ctx(), { pendingTokens: 1 })).decision).toBe('deny');
    clock.set(Date.UTC(2026, 1, 1, 0, 0, 0));
    expect((await ledger.checkBudget(ctx(), { pendingTokens: 1 })).decision).toBe('allow');
  });

  it('monthly limits reset on the 1st, not at the daily boundary', async () => {
    await ledger.setBudget({ scopeId: scope, maxCostMonthly: '1.00' });
    clock.set(Date.UTC(2026, 0, 15));
    await ledger.recordModelUsage(ctx(), { inputTokens: 1 }, { provider: 'p', model: 'm', cost: '1.00' });
    clock.set(Date.UTC(2026, 0, 31, 23, 59, 59, 999));
    expect((await ledger.checkBudget(ctx(), { pendingCost: '0.01' })).decision).toBe('deny');
    clock.set(Date.UTC(2026, 1, 1));
    expect((await ledger.checkBudget(ctx(), { pendingCost: '0.01' })).decision).toBe('allow');
  });

  it('requests per minute reset at each UTC minute', async () => {
    await ledger.setBudget({ scopeId: scope, maxRequestsPerMinute: 2 });
    clock.set(Date.UTC(2026, 0, 1, 12, 0, 10));
    await useTokens(1);
    await useTokens(1);
    expect((await ledger.checkBudget(ctx())).decision).toBe('deny');
    clock.set(Date.UTC(2026, 0, 1, 12, 1, 0));
    expect((await ledger.checkBudget(ctx())).decision).toBe('allow');
  });

  it('total limits never reset', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensTotal: 10 });
    await useTokens(10);
    clock.set(Date.UTC(2027, 5, 1));
    expect((await ledger.checkBudget(ctx(), { pendingTokens: 1 })).decision).toBe('deny');
  });
});

describe('decisions', () => {
  it('warns at the threshold and writes one budget_warning event per limit and window', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensDaily: 1000, warningThreshold: 0.8 });
    await useTokens(700);
    expect((await ledger.checkBudget(ctx(), { pendingTokens: 99 })).decision).toBe('allow');
    const warned = await ledger.checkBudget(ctx(), { pendingTokens: 100 });
    expect(warned).toMatchObject({
      decision: 'warn',
      reason: `budget warning: scope:${scope}:maxTokensDaily (800 of 1000 tokens)`,
      limit: { name: 'maxTokensDaily', source: 'scope', max: '1000', used: '700', requested: '100' },
    });
    await ledger.checkBudget(ctx(), { pendingTokens: 150 });
    const warnings = await writer.listEvents({ eventType: LedgerEventType.BUDGET_WARNING });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.metadata).toMatchObject({ decision: 'warn', limit: { name: 'maxTokensDaily' } });
    clock.set(Date.UTC(2026, 1, 1, 0, 0, 1));
    await useTokens(900);
    await ledger.checkBudget(ctx());
    expect(await writer.listEvents({ eventType: LedgerEventType.BUDGET_WARNING })).toHaveLength(2);
  });

  it('denies over a limit, writes budget_exceeded, and reserve throws BudgetExceededError', async () => {
    await ledger.setBudget({ scopeId: scope, maxCostDaily: '1.00' });
    await ledger.recordModelUsage(ctx(), { inputTokens: 1 }, { provider: 'p', model: 'm', cost: '0.90' });
    const check = await ledger.checkBudget(ctx(), { pendingCost: '0.15' });
    expect(check).toMatchObject({
      decision: 'deny',
      limit: { name: 'maxCostDaily', used: '0.9', requested: '0.15' },
    });
    const error = await ledger.reserve(ctx(), { cost: '0.15' }).catch((e: unknown) => e);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ limit: 'maxCostDaily', limitValue: '1', usage: '1.05' });
    expect(await writer.listEvents({ eventType: LedgerEventType.BUDGET_EXCEEDED })).toHaveLength(2);
    expect((await ledger.checkBudget(ctx(), { pendingCost: '0.10' })).decision).toBe('warn');
  });

  it('degrade: returns a decision the kernel can act on, and still reserves', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensDaily: 100, exceedStrategy: 'degrade' });
    await useTokens(100);
    expect((await ledger.checkBudget(ctx(), { pendingTokens: 10 })).decision).toBe('degrade');
    const reservation = await ledger.reserve(ctx(), { tokens: 10 });
    expect(reservation.decision).toBe('degrade');
    expect(reservation.limit?.name).toBe('maxTokensDaily');
    await reservation.settle({ tokens: 10 });
    expect((await writer.getUsage({ scopeId: scope })).totalTokens).toBe(110);
  });

  it('warn strategy: over the limit answers warn', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensDaily: 100, exceedStrategy: 'warn' });
    await useTokens(100);
    const check = await ledger.checkBudget(ctx(), { pendingTokens: 10 });
    expect(check.decision).toBe('warn');
    expect(check.reason).toMatch(/^budget exceeded/);
  });

  it('the most restrictive limit wins', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensDaily: 100, exceedStrategy: 'degrade' });
    await ledger.setBudget({ scopeId: scope, principalId: 'user-456', maxTokensDaily: 50 });
    await useTokens(60);
    const check = await ledger.checkBudget(ctx());
    expect(check).toMatchObject({ decision: 'deny', limit: { source: 'principal' } });
  });

  it('allows with no budgets', async () => {
    expect(await ledger.checkBudget(ctx(), { pendingTokens: 1e9 })).toEqual({
      decision: 'allow',
      reason: 'within budget',
    });
  });
});

describe('budgets per scope and per scope+principal both apply', () => {
  beforeEach(async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensDaily: 1000 });
    await ledger.setBudget({ scopeId: scope, principalId: 'user-456', maxTokensDaily: 100 });
  });

  it('the principal budget counts only that principal', async () => {
    await useTokens(100, ctx({ principalId: 'user-456' }));
    expect((await ledger.checkBudget(ctx({ principalId: 'user-456' }), { pendingTokens: 1 })).decision).toBe(
      'deny',
    );
    expect((await ledger.checkBudget(ctx({ principalId: 'other' }), { pendingTokens: 1 })).decision).toBe(
      'allow',
    );
  });

  it('the scope budget counts every principal', async () => {
    await useTokens(950, ctx({ principalId: 'other' }));
    const check = await ledger.checkBudget(ctx({ principalId: 'user-456' }), { pendingTokens: 60 });
    expect(check).toMatchObject({ decision: 'deny', limit: { source: 'scope' } });
  });

  it('setBudget replaces by (scope, principal) and removeBudget removes', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensDaily: 5 });
    expect((await ledger.getBudget({ scopeId: scope }))?.maxTokensDaily).toBe(5);
    expect((await ledger.getBudget({ scopeId: scope, principalId: 'user-456' }))?.maxTokensDaily).toBe(100);
    expect(await ledger.removeBudget({ scopeId: scope, principalId: 'user-456' })).toBe(true);
    expect(await ledger.getBudget({ scopeId: scope, principalId: 'user-456' })).toBeUndefined();
  });
});

describe('per request (= per job) limits', () => {
  it('Budget per-request limits count the job usage', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensPerRequest: 100, maxToolCallsPerRequest: 1 });
    await useTokens(90, ctx({ jobId: 'job-1' }));
    expect((await ledger.checkBudget(ctx({ jobId: 'job-1' }), { pendingTokens: 20 })).decision).toBe('deny');
    expect((await ledger.checkBudget(ctx({ jobId: 'job-2' }), { pendingTokens: 20 })).decision).toBe('allow');
    await ledger.recordToolUsage(ctx({ jobId: 'job-1' }), { toolName: 'search', durationMs: 5 });
    expect((await ledger.checkBudget(ctx({ jobId: 'job-1' }), { pendingToolCalls: 1 })).decision).toBe(
      'deny',
    );
  });

  it('without a jobId a per-request limit checks the pending amount alone', async () => {
    await ledger.setBudget({ scopeId: scope, maxCostPerRequest: '1.00' });
    const noJob = ctx({ jobId: undefined });
    expect((await ledger.checkBudget(noJob, { pendingCost: '1.01' })).decision).toBe('deny');
    await expect(ledger.reserve(noJob, { cost: '1.01' })).rejects.toThrow(BudgetExceededError);
    expect((await ledger.reserve(noJob, { cost: '0.10' })).decision).toBe('allow');
  });

  it("the context's own BudgetSpec is enforced against its job", async () => {
    const job = ctx({ budgets: { maxTokens: 100, maxCost: '0.50', maxToolCalls: 1 } });
    await useTokens(95, job);
    expect(await ledger.checkBudget(job, { pendingTokens: 10 })).toMatchObject({
      decision: 'deny',
      limit: { source: 'request', name: 'maxTokens', key: 'request:job-1:maxTokens' },
    });
    await ledger.recordToolUsage(job, { toolName: 't', durationMs: 1, cost: '0.6' });
    expect((await ledger.checkBudget(job, { pendingToolCalls: 1 })).limit?.name).toBe('maxCost');
    const other = ctx({ jobId: 'job-2', budgets: { maxTokens: 100 } });
    expect((await ledger.checkBudget(other, { pendingTokens: 10 })).decision).toBe('allow');
  });
});

describe('reservations', () => {
  it('checkBudget counts open reservations; release frees them', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensDaily: 1000 });
    const held = await ledger.reserve(ctx(), { tokens: 900 });
    expect(held.decision).toBe('warn');
    expect((await ledger.checkBudget(ctx(), { pendingTokens: 101 })).decision).toBe('deny');
    expect(await held.release()).toBe(true);
    expect(await held.release()).toBe(false);
    expect((await ledger.checkBudget(ctx(), { pendingTokens: 101 })).decision).toBe('allow');
    await expect(held.settle({ tokens: 1 })).rejects.toThrow(InvalidTransitionError);
  });

  it('an unsettled reservation expires after reservationTtlMs', async () => {
    const short = new Ledger(writer, { clock, reservationTtlMs: 60_000 });
    await short.setBudget({ scopeId: scope, maxTokensTotal: 1000 });
    const held = await short.reserve(ctx(), { tokens: 1000 });
    expect(held.expiresAt).toBe(clock.now() + 60_000);
    await expect(short.reserve(ctx(), { tokens: 1 })).rejects.toThrow(BudgetExceededError);
    await clock.advance(60_000);
    expect((await short.reserve(ctx(), { tokens: 1 })).decision).toBe('allow');
  });

  it('settle records a model_usage event priced from the table, once', async () => {
    const reservation = await ledger.reserve(ctx(), { tokens: 2000 });
    const [event] = await reservation.settle({
      inputTokens: 1000,
      outputTokens: 500,
      provider: 'openai',
      model: 'gpt-4',
    });
    expect(event).toMatchObject({
      type: 'model_usage',
      totalTokens: 1500,
      jobId: 'job-1',
      principalId: 'user-456',
    });
    expect(event?.cost.toString()).toBe('0.06');
    expect(event?.metadata.reservationId).toBe(reservation.reservationId);
    await expect(reservation.settle({ tokens: 1 })).rejects.toThrow('cannot go from settled to settled');
    expect(await writer.listEvents({ eventType: 'model_usage' })).toHaveLength(1);
  });

  it('a tool reservation settles as tool_usage events', async () => {
    const reservation = await ledger.reserve(ctx(), { toolCalls: 1 });
    expect(reservation.amount.requests).toBe(0);
    const events = await reservation.settle({ toolName: 'search', cost: '0.01' });
    expect(events.map((e) => [e.type, e.metadata.toolName, e.cost.toString()])).toEqual([
      ['tool_usage', 'search', '0.01'],
    ]);
    expect((await writer.getUsage({ jobId: 'job-1' })).toolCalls).toBe(1);
  });

  it('recordModelUsage and recordToolUsage can settle a reservation atomically', async () => {
    const model = await ledger.reserve(ctx(), { tokens: 100 });
    await ledger.recordModelUsage(
      ctx(),
      { inputTokens: 50 },
      { provider: 'p', model: 'm', reservation: model },
    );
    const tool = await ledger.reserve(ctx(), { toolCalls: 1 });
    await ledger.recordToolUsage(ctx(), { toolName: 't', durationMs: 3, reservation: tool });
    const usage = await writer.getUsage({ jobId: 'job-1' });
    expect([usage.totalTokens, usage.requests, usage.toolCalls]).toEqual([50, 1, 1]);
    await expect(
      ledger.recordToolUsage(ctx(), { toolName: 't', durationMs: 3, reservation: tool }),
    ).rejects.toThrow(InvalidTransitionError);
    expect((await writer.getUsage({ jobId: 'job-1' })).toolCalls).toBe(1);
  });

  it('100 concurrent reserve → settle cycles never spend past the budget', async () => {
    await ledger.setBudget({ scopeId: scope, maxCostDaily: '10.00' });
    await ledger.recordModelUsage(ctx(), { inputTokens: 1 }, { provider: 'p', model: 'm', cost: '9.00' });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, async (_, i) => {
        const reservation = await ledger.reserve(ctx({ jobId: `job-${i}` }), { cost: '0.03' });
        await new Promise((resolve) => setImmediate(resolve)); // let the other cycles interleave
        return reservation.settle({ cost: '0.03', provider: 'p', model: 'm' });
      }),
    );
    const settled = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(settled).toHaveLength(33);
    expect(refused.every((r) => BudgetExceededError.isInstance((r as PromiseRejectedResult).reason))).toBe(
      true,
    );
    const spent = (await writer.getUsage({ scopeId: scope })).cost;
    expect(spent.lessThanOrEqualTo(new Decimal('10.00'))).toBe(true);
    expect(spent.toString()).toBe('9.99');
  });
});

describe('usage recording and pricing', () => {
  it('records model usage with the provider cost, or the table price, or 0', async () => {
    const given = await ledger.recordModelUsage(
      ctx(),
      { inputTokens: 10 },
      { provider: 'p', model: 'gpt-4', cost: '1' },
    );
    expect(given.cost.toString()).toBe('1');
    const priced = await ledger.recordModelUsage(
      ctx(),
      { inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 },
      { provider: 'openai', model: 'gpt-4', durationMs: 12.5 },
    );
    expect(priced.cost.toString()).toBe('90');
    expect(priced.timestamp).toBe(clock.now());
    expect(ledger.costOf('unknown', { inputTokens: 100 }).toString()).toBe('0');
  });

  it('records tool usage', async () => {
    const event = await ledger.recordToolUsage(ctx(), { toolName: 'search', durationMs: 123.4 });
    expect(event).toMatchObject({ type: 'tool_usage', durationMs: 123.4, metadata: { toolName: 'search' } });
  });
});

describe('validation', () => {
  it('rejects bad input naming the field and changes nothing', async () => {
    await expect(ledger.setBudget({ scopeId: scope, maxCostDaily: '-1' })).rejects.toThrow(
      'budget.maxCostDaily',
    );
    await expect(ledger.setBudget({ scopeId: scope, warningThreshold: 1.5 })).rejects.toThrow(
      'budget.warningThreshold',
    );
    await expect(ledger.setBudget({ scopeId: scope, exceedStrategy: 'pray' as never })).rejects.toThrow(
      'budget.exceedStrategy',
    );
    expect(await ledger.getBudget({ scopeId: scope })).toBeUndefined();
    await expect(ledger.checkBudget(ctx(), { pendingTokens: -1 })).rejects.toThrow('pending.pendingTokens');
    await expect(ledger.reserve(ctx(), { cost: 'abc' })).rejects.toThrow('reservation.cost');
    await expect(ledger.checkBudget({ scopeId: scope } as never)).rejects.toThrow(ValidationError);
    await expect(
      ledger.recordModelUsage(ctx(), { inputTokens: 1 }, { provider: '', model: 'm' }),
    ).rejects.toThrow('options.provider');
    await expect(ledger.recordToolUsage(ctx(), { toolName: 't', durationMs: -1 })).rejects.toThrow(
      'options.durationMs',
    );
    expect(
      () => new Ledger(writer, { pricing: { m: { inputPerMillion: 'x', outputPerMillion: 1 } } }),
    ).toThrow('pricing.m.inputPerMillion');
    expect(await writer.listEvents()).toEqual([]);
  });
});
