import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import type { BudgetKey } from './budget-store';

const id = z.string().min(1);
const keySchema = z.object({ scopeId: id, principalId: id.optional(), sessionId: id.optional() });

/** The key fields of a budget or identity, validated (ValidationError names `key.<field>`); other fields dropped. */
export function budgetKey(input: BudgetKey): BudgetKey {
  const { scopeId, principalId, sessionId } = parseInput(keySchema, input, 'key');
  return {
    scopeId,
    ...(principalId === undefined ? {} : { principalId }),
    ...(sessionId === undefined ? {} : { sessionId }),
  };
}
