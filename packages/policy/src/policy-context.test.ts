import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { policyContext } from './policy-context';

describe('policyContext', () => {
  it('returns a context it built as it is, and validates any other object, even one with the same fields', () => {
    const built = policyContext({ scopeId: 'tenant-1', requestedTokens: 5 });
    expect(policyContext(built)).toBe(built);
    expect(Object.isFrozen(built)).toBe(true);
    const copy = { ...built };
    expect(policyContext(copy)).not.toBe(copy);
    expect(() => policyContext({ ...built, requestedTokens: -1 })).toThrow(ValidationError);
    expect(() => policyContext({ ...built, requestedTokens: -1 })).toThrow(/policyContext\.requestedTokens/);
  });
});
