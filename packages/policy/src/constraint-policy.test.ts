import { Decimal, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { ConstraintPolicy } from './constraint-policy';
import { type PolicyContextInput, policyContext } from './policy-context';

const ctx = (input: Omit<PolicyContextInput, 'scopeId'>) => policyContext({ scopeId: 'tenant-1', ...input });

describe('ConstraintPolicy decision table', () => {
  const rule = new ConstraintPolicy({
    maxCostPerRequest: 1.0,
    maxTokensPerRequest: 50_000,
    maxToolCallsPerTurn: 5,
  });

  it.each([
    [{}, 'allow'],
    [{ requestedCost: '1.00', requestedTokens: 50_000, toolCallsThisTurn: 5 }, 'allow'],
    [{ requestedCost: '1.0000001' }, 'deny'],
    [{ requestedCost: new Decimal('0.3') }, 'allow'],
    [{ requestedTokens: 50_001 }, 'deny'],
    [{ toolCallsThisTurn: 6 }, 'deny'],
  ] as const)('%# %o → %s', (input, expected) => {
    expect(rule.evaluate(ctx(input)).decision).toBe(expected);
  });

  it('names every exceeded limit', () => {
    const verdict = rule.evaluate(ctx({ requestedCost: 2, requestedTokens: 60_000, toolCallsThisTurn: 9 }));
    expect(verdict.reason).toBe(
      'cost 2 exceeds maxCostPerRequest 1; 60000 tokens exceed maxTokensPerRequest 50000; ' +
        '9 tool calls exceed maxToolCallsPerTurn 5',
    );
    expect(verdict.metadata).toEqual({ exceeded: expect.any(Array) });
  });

  it('can warn instead of deny', () => {
    const soft = new ConstraintPolicy({ maxTokensPerRequest: 10, decision: 'warn' });
    expect(soft.evaluate(ctx({ requestedTokens: 11 })).decision).toBe('warn');
  });

  it('rejects a constraint without limits and bad amounts', () => {
    expect(() => new ConstraintPolicy({})).toThrow(ValidationError);
    expect(() => new ConstraintPolicy({ maxCostPerRequest: '-1' })).toThrow(
      'constraintPolicy.maxCostPerRequest',
    );
  });
});
