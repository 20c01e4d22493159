import { BudgetExceededError, type Decimal, type TokenUsage } from '@agent-runtime/core';
import type { Execution } from './execution';
import { currentStepSize } from './step-reservation';

/**
 * After a step is recorded: when its usage went past what was reserved for it under a hard limit (a provider
 * that ignored `maxOutputTokens`, or an input the estimator under-counted) and a hard limit is now over, the
 * job stops with BudgetExceededError; it can never end `succeeded` past a hard limit. Returns that error.
 */
export async function checkOverspend(
  execution: Execution,
  usage: TokenUsage,
  cost: Decimal,
): Promise<BudgetExceededError | undefined> {
  const bound = currentStepSize(execution)?.bound;
  if (!bound) return undefined;
  const overTokens = bound.tokens !== undefined && usage.totalTokens > bound.tokens;
  const overCost = bound.cost !== undefined && cost.greaterThan(bound.cost);
  if (!overTokens && !overCost) return undefined;
  const limit = await execution.services.ledger.overspent(execution.ctx);
  if (!limit) return undefined;
  const error = new BudgetExceededError({
    limit: limit.name,
    limitValue: limit.max,
    usage: limit.used,
    message:
      `budget exceeded: ${limit.key} recorded ${limit.used} of ${limit.max} ${limit.metric} ` +
      `(the step used more than it was capped to)`,
  });
  execution.stop(error);
  return error;
}
