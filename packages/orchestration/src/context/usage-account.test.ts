import { budgetSpec, Decimal } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { UsageAccount } from './usage-account';

const tokens = (totalTokens: number) => ({ inputTokens: totalTokens, outputTokens: 0, totalTokens });

describe('UsageAccount', () => {
  it('adds spending to itself and every ancestor', () => {
    const root = new UsageAccount(budgetSpec({}));
    const child = root.child(budgetSpec({}), { inheritsLimits: true });
    const grandchild = child.child(budgetSpec({}), { inheritsLimits: true });
    grandchild.add({ usage: tokens(5), cost: new Decimal('0.5'), toolCalls: 2 });
    child.add({ usage: tokens(1) });
    expect(grandchild.snapshot()).toMatchObject({ totalTokens: 5, toolCalls: 2 });
    expect(child.snapshot().totalTokens).toBe(6);
    expect(root.snapshot()).toMatchObject({ totalTokens: 6, toolCalls: 2 });
    expect(root.snapshot().cost.toString()).toBe('0.5');
  });

  it('has left the least of its own and (inheriting) its ancestors’ remainders', () => {
    const root = new UsageAccount(budgetSpec({ maxTokens: 100, maxCost: '1', maxToolCalls: 3 }));
    const child = root.child(budgetSpec({ maxTokens: 80 }), { inheritsLimits: true });
    const sibling = root.child(budgetSpec({}), { inheritsLimits: true });
    sibling.add({ usage: tokens(30), cost: new Decimal('0.25'), toolCalls: 1 });
    expect(child.remaining()).toEqual({ tokens: 70, cost: new Decimal('0.75'), toolCalls: 2 });
    const free = root.child(budgetSpec({ maxTokens: 500 }), { inheritsLimits: false });
    expect(free.remaining().tokens).toBe(500);
    expect(new UsageAccount(budgetSpec({})).remaining()).toEqual({});
  });

  it('refuses further spending once a limit is used up, naming the limit', () => {
    const account = new UsageAccount(budgetSpec({ maxTokens: 10, maxToolCalls: 1 }));
    account.add({ toolCalls: 1 });
    expect(() => account.assertAvailable()).not.toThrow();
    expect(() => account.assertAvailable({ toolCall: true })).toThrow(
      expect.objectContaining({ limit: 'maxToolCalls' }),
    );
    account.add({ usage: tokens(10) });
    expect(() => account.assertAvailable()).toThrow(
      expect.objectContaining({ code: 'BUDGET_EXCEEDED', limit: 'maxTokens' }),
    );
  });
});
