import {
  BudgetExceededError,
  type Decimal,
  type ExecutionContext,
  type TokenUsage,
} from '@agent-runtime/core';
import type { Ledger } from '@agent-runtime/ledger';
import type { Execution } from '../execution/execution';
import { currentStepSize } from './step-reservation';
import type { StepSize } from './step-size';

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
  const size = currentStepSize(execution);
  const error = size && (await overspendError(execution.services.ledger, execution.ctx, size, usage, cost));
  if (error) execution.stop(error);
  return error;
}

/** The BudgetExceededError of a step that used more than `size` while a hard limit over `ctx` is now over. */
export async function overspendError(
  ledger: Ledger,
  ctx: ExecutionContext,
  { bound }: StepSize,
  usage: TokenUsage,
  cost: Decimal,
): Promise<BudgetExceededError | undefined> {
  const overTokens = bound.tokens !== undefined && usage.totalTokens > bound.tokens;
  const overCost = bound.cost !== undefined && cost.greaterThan(bound.cost);
  if (!overTokens && !overCost) return undefined;
  const limit = await ledger.overspent(ctx);
  if (!limit) return undefined;
  return new BudgetExceededError({
    limit: limit.name,
    limitValue: limit.max,
    usage: limit.used,
    message:
      `budget exceeded: ${limit.key} recorded ${limit.used} of ${limit.max} ${limit.metric} ` +
      `(the step used more than it was capped to)`,
  });
}
