import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { ModelPolicy } from './model-policy';
import { policyContext } from './policy-context';

const ctx = (model: string | undefined, requestedTokens?: number) =>
  policyContext({ scopeId: 'tenant-1', model, requestedTokens });

describe('ModelPolicy decision table', () => {
  const approval = new ModelPolicy({
    modelPatterns: ['gpt-4*', 'claude-3*'],
    requireApproval: true,
    maxTokensPerRequest: 10_000,
  });
  const capped = new ModelPolicy({ modelPatterns: ['gpt-5*'], maxTokensPerRequest: 100 });
  const banned = new ModelPolicy({ modelPatterns: ['o1*'], decision: 'deny', reason: 'too expensive' });

  it.each([
    [approval, 'gpt-4', 5000, 'require_approval'],
    [approval, 'claude-3-opus', undefined, 'require_approval'],
    [approval, 'gpt-4o', 10_000, 'require_approval'],
    [approval, 'gpt-4o', 10_001, 'deny'],
    [approval, 'gpt-5', 5000, undefined],
    [capped, 'gpt-5-nano', 100, 'allow'],
    [capped, 'gpt-5-nano', 101, 'deny'],
    [banned, 'o1-preview', 1, 'deny'],
  ] as const)('%# %s asking %s tokens', (rule, model, tokens, expected) => {
    expect(rule.evaluate(ctx(model, tokens))?.decision).toBe(expected);
  });

  it('explains a token-limit denial and a ban', () => {
    expect(approval.evaluate(ctx('gpt-4', 20_000))?.reason).toBe(
      'model gpt-4: 20000 tokens requested, at most 10000 allowed',
    );
    expect(banned.evaluate(ctx('o1'))?.reason).toBe('too expensive');
  });

  it('does not apply when the context names no model', () => {
    expect(approval.evaluate(ctx(undefined, 1))).toBeUndefined();
  });

  it('rejects bad options naming the field', () => {
    expect(() => new ModelPolicy({ modelPatterns: ['a'], maxTokensPerRequest: 0 })).toThrow(ValidationError);
    expect(() => new ModelPolicy({ modelPatterns: [] })).toThrow('modelPolicy.modelPatterns');
  });
});
