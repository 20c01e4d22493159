import { ExecutionContext, ManualClock } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryBudgetStore } from './in-memory-budget-store';
import { InMemoryLedgerWriter } from './in-memory-ledger-writer';
import { Ledger } from './ledger';
import { dayStart } from './windows';

const scope = 'tenant-1';
const ctx = (sessionId: string, jobId: string, principalId = 'u1') =>
  new ExecutionContext({ scopeId: scope, principalId, sessionId, jobId });

let clock: ManualClock;
let ledger: Ledger;
beforeEach(() => {
  clock = new ManualClock(Date.UTC(2026, 0, 31, 12));
  ledger = new Ledger(new InMemoryLedgerWriter(), { clock });
});

const spend = (context: ExecutionContext, tokens: number) =>
  ledger.recordModelUsage(context, { inputTokens: tokens, outputTokens: 0 }, { provider: 'p', model: 'm' });

describe('session budgets', () => {
  it('a session budget counts only that session, across its jobs, and leaves other sessions alone', async () => {
    await ledger.setBudget({ scopeId: scope, sessionId: 's1', maxTokensDaily: 100 });
    await spend(ctx('s1', 'j1'), 60);
    await spend(ctx('s2', 'j2'), 1000);
    const denied = await ledger.checkBudget(ctx('s1', 'j3'), { pendingTokens: 41 });
    expect(denied).toMatchObject({ decision: 'deny', limit: { source: 'session', used: '60' } });
    expect((await ledger.checkBudget(ctx('s1', 'j3'), { pendingTokens: 40 })).decision).not.toBe('deny');
    await expect(ledger.reserve(ctx('s1', 'j4'), { tokens: 41 })).rejects.toThrow('maxTokensDaily');
    expect((await ledger.checkBudget(ctx('s2', 'j5'), { pendingTokens: 1e6 })).decision).toBe('allow');
  });

  it("a principal's session budget applies only to that principal in that session", async () => {
    await ledger.setBudget({ scopeId: scope, principalId: 'u1', sessionId: 's1', maxTokensTotal: 10 });
    await spend(ctx('s1', 'j1', 'u2'), 50);
    expect((await ledger.checkBudget(ctx('s1', 'j2', 'u1'), { pendingTokens: 10 })).decision).not.toBe(
      'deny',
    );
    await spend(ctx('s1', 'j2', 'u1'), 5);
    expect((await ledger.checkBudget(ctx('s1', 'j3', 'u1'), { pendingTokens: 6 })).decision).toBe('deny');
  });

  it('window totals per session: getUsage({ scopeId, sessionId, since })', async () => {
    await spend(ctx('s1', 'j1'), 7);
    clock.set(Date.UTC(2026, 1, 1, 1));
    await spend(ctx('s1', 'j2'), 11);
    await spend(ctx('s2', 'j3'), 13);
    const today = await ledger.writer.getUsage({
      scopeId: scope,
      sessionId: 's1',
      since: dayStart(clock.now()),
    });
    expect(today.totalTokens).toBe(11);
    expect((await ledger.writer.getUsage({ scopeId: scope, sessionId: 's1' })).totalTokens).toBe(18);
  });

  it('every ledger on one BudgetStore enforces a budget set through any of them', async () => {
    const budgetStore = new InMemoryBudgetStore();
    const writer = new InMemoryLedgerWriter();
    const a = new Ledger(writer, { clock, budgetStore });
    const b = new Ledger(writer, { clock, budgetStore });
    await a.setBudget({ scopeId: scope, maxTokensDaily: 5 });
    await expect(b.reserve(ctx('s1', 'j1'), { tokens: 6 })).rejects.toThrow('maxTokensDaily');
    expect(await b.removeBudget({ scopeId: scope })).toBe(true);
    await expect(a.reserve(ctx('s1', 'j1'), { tokens: 6 })).resolves.toBeDefined();
  });
});

describe('headroom and overspent', () => {
  it('headroom is the tightest hard limit per metric, reservations counted; soft limits do not cap', async () => {
    const priced = new Ledger(new InMemoryLedgerWriter(), {
      clock,
      pricing: { m: { inputPerMillion: '1', outputPerMillion: '2' } },
    });
    await priced.setBudget({ scopeId: scope, maxTokensDaily: 1000, maxCostDaily: '0.5' });
    await priced.setBudget({ scopeId: scope, principalId: 'u1', maxTokensDaily: 300 });
    await priced.setBudget({ scopeId: scope, sessionId: 's1', maxTokensDaily: 10, exceedStrategy: 'warn' });
    const job = new ExecutionContext({
      scopeId: scope,
      principalId: 'u1',
      sessionId: 's1',
      jobId: 'j1',
      budgets: { maxTokens: 250 },
    });
    await priced.recordModelUsage(job, { inputTokens: 40, outputTokens: 0 }, { provider: 'p', model: 'm' });
    await priced.reserve(job, { tokens: 20, cost: '0.1' });
    const room = await priced.headroom(job);
    expect(room.tokens?.remaining.toString()).toBe('190');
    expect(room.tokens?.limit).toMatchObject({ name: 'maxTokens', source: 'request', used: '60' });
    expect(room.cost?.remaining.toString()).toBe('0.39996');
    expect(priced.pricePerToken('m')).toEqual({ input: expect.anything(), output: expect.anything() });
    expect(priced.pricePerToken('m')?.output.toString()).toBe('0.000002');
    expect(priced.pricePerToken('unpriced')).toBeUndefined();
    expect(await ledger.headroom(ctx('s1', 'j1'))).toEqual({});
  });

  it('overspent names the hard limit whose recorded usage is over its max, reservations aside', async () => {
    await ledger.setBudget({ scopeId: scope, maxTokensDaily: 100 });
    await ledger.reserve(ctx('s1', 'j1'), { tokens: 100 });
    expect(await ledger.overspent(ctx('s1', 'j1'))).toBeUndefined();
    await spend(ctx('s1', 'j2'), 100);
    expect(await ledger.overspent(ctx('s1', 'j2'))).toBeUndefined();
    await spend(ctx('s1', 'j2'), 1);
    expect(await ledger.overspent(ctx('s1', 'j2'))).toMatchObject({ name: 'maxTokensDaily', used: '101' });
  });
});
