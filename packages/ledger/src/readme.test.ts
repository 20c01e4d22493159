import { Decimal, ExecutionContext, ManualClock } from '@agent-runtime/core';
import { expect, it } from 'vitest';
import {
  BudgetDecision,
  BudgetExceededError,
  InMemoryBudgetStore,
  InMemoryLedgerWriter,
  Ledger,
  LedgerEvent,
  LedgerEventType,
} from './index';

it('runs the LedgerEvent and LedgerWriter examples', async () => {
  // --- README: LedgerEvent ---
  const event = new LedgerEvent({
    eventId: 'evt-123',
    type: LedgerEventType.MODEL_USAGE,
    timestamp: Date.UTC(2026, 0, 1),
    jobId: 'job-456',
    runId: 'run-789',
    scopeId: 'tenant-123',
    principalId: 'user-456',
    provider: 'openai',
    model: 'gpt-4',
    inputTokens: 1000,
    outputTokens: 500,
    totalTokens: 1500,
    cost: '0.045', // Decimal | string | number
    durationMs: 1234.5,
    metadata: {},
  });

  // From the AI SDK's usage ({ inputTokens, outputTokens, totalTokens, ... })
  const usage = { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 };
  const fromUsage = LedgerEvent.fromUsage(usage, {
    jobId: 'job-123',
    scopeId: 'tenant-123',
    provider: 'openai',
    model: 'gpt-4',
  });

  // --- README: LedgerWriter ---
  const writer = new InMemoryLedgerWriter();

  // Write event
  await writer.write(event);

  // Query usage
  const used = await writer.getUsage({ scopeId: 'tenant-123', principalId: 'user-456' });

  // List events
  const events = await writer.listEvents({
    scopeId: 'tenant-123',
    eventType: LedgerEventType.MODEL_USAGE,
    limit: 100,
  });
  // --- end ---
  expect(event.toJSON().cost).toBe('0.045');
  expect(fromUsage.totalTokens).toBe(1500);
  expect(used.totalTokens).toBe(1500);
  expect(used.cost.toString()).toBe('0.045');
  expect(events).toEqual([event]);
});

it('runs the Ledger example', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const writer = new InMemoryLedgerWriter();
  const ctx = new ExecutionContext({ scopeId: 'tenant-123', principalId: 'user-456', jobId: 'job-1' });
  // --- README: Ledger ---
  const ledger = new Ledger(writer, {
    clock, // default: systemClock
    pricing: { 'gpt-4': { inputPerMillion: '30.00', outputPerMillion: '60.00' } },
  });

  // Set budgets
  await ledger.setBudget({
    scopeId: 'tenant-123',
    maxTokensDaily: 1_000_000,
    maxCostDaily: new Decimal('100.00'),
    maxRequestsDaily: 10_000,
    warningThreshold: 0.8, // Warn at 80%
    exceedStrategy: 'deny', // deny, degrade, warn
  });

  // Check budget before operation
  const { decision, reason } = await ledger.checkBudget(ctx, {
    pendingTokens: 5000,
    pendingCost: new Decimal('0.15'),
  });

  if (decision === BudgetDecision.DENY) throw new Error(reason);

  // Record usage
  const usage = { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 };
  await ledger.recordModelUsage(ctx, usage, { provider: 'openai', model: 'gpt-4' });
  await ledger.recordToolUsage(ctx, { toolName: 'search', durationMs: 123.4 });
  // --- end ---
  expect([decision, reason]).toEqual(['allow', 'within budget']);
  const recorded = await writer.getUsage({ scopeId: 'tenant-123' });
  expect(recorded.cost.toString()).toBe('0.06');
  expect([recorded.requests, recorded.toolCalls]).toEqual([1, 1]);
});

it('runs the reservation example', async () => {
  const writer = new InMemoryLedgerWriter();
  const ledger = new Ledger(writer, { clock: new ManualClock() });
  const ctx = new ExecutionContext({ scopeId: 'tenant-123', jobId: 'job-1', budgets: { maxCost: '1.00' } });
  const callModel = async () => ({ inputTokens: 800, outputTokens: 200, totalTokens: 1000 });
  let message = '';
  // --- README: reservations ---
  try {
    const reservation = await ledger.reserve(ctx, { tokens: 2000, cost: '0.10' }); // throws when denied
    if (reservation.decision === BudgetDecision.DEGRADE) {
      // switch to a cheaper model, shorten the answer, ...
    }
    try {
      const usage = await callModel();
      await ledger.recordModelUsage(ctx, usage, {
        provider: 'openai',
        model: 'gpt-4',
        cost: '0.08',
        reservation,
      });
    } finally {
      await reservation.release(); // no-op after a settle; frees the hold if the call failed
    }
  } catch (error) {
    if (BudgetExceededError.isInstance(error))
      message = `${error.limit}: ${error.usage} of ${error.limitValue}`;
    else throw error;
  }
  // --- end ---
  expect(message).toBe('');
  expect((await writer.getUsage({ jobId: 'job-1' })).cost.toString()).toBe('0.08');
  await expect(ledger.reserve(ctx, { cost: '0.95' })).rejects.toThrow(BudgetExceededError);
});

it('runs the scoped usage reads example', async () => {
  const ledger = new Ledger(new InMemoryLedgerWriter());
  const theirs = new ExecutionContext({ scopeId: 'tenant-b', jobId: 'job-b' });
  await ledger.recordModelUsage(
    theirs,
    { inputTokens: 200, outputTokens: 0, totalTokens: 200 },
    { provider: 'openai', model: 'gpt-4', cost: '0.01' },
  );

  expect((await ledger.getUsage({ jobId: 'job-b' }, { scopeId: 'tenant-a' })).totalTokens).toBe(0);
  expect((await ledger.getUsage({}, { scopeId: 'tenant-b' })).totalTokens).toBe(200);
  expect(await ledger.listEvents({ scopeId: 'tenant-b' }, { scopeId: 'tenant-a' })).toEqual([]);
});

it('runs the BudgetStore example', async () => {
  const writer = new InMemoryLedgerWriter();
  const ctx = new ExecutionContext({ scopeId: 'tenant-123', jobId: 'job-1' });
  // --- README: BudgetStore ---
  const budgetStore = new InMemoryBudgetStore(); // or PostgresBudgetStore from @agent-runtime/store-postgres
  const a = new Ledger(writer, { budgetStore });
  const b = new Ledger(writer, { budgetStore });
  await a.setBudget({ scopeId: 'tenant-123', maxTokensDaily: 5 });
  const refused = b.reserve(ctx, { tokens: 6 }); // throws BudgetExceededError: b reads the budget a set
  // --- end ---
  await expect(refused).rejects.toThrow(BudgetExceededError);
  expect((await b.headroom(ctx)).tokens?.remaining.toString()).toBe('5');
});
