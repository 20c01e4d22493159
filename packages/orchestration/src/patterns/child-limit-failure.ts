import type { Operator, OperatorContext } from '../context/operator-context';
import { failed, type OperatorResult } from '../context/operator-result';
import { OrchestrationLimitError } from '../context/orchestration-limit-error';

/**
 * A failed result of `operator` when `count` more children (and one more level) do not fit the context's
 * OrchestrationConfig limits, so a pattern refuses before starting anything; undefined when they fit.
 */
export function childLimitFailure(
  operator: Pick<Operator, 'name' | 'role'>,
  context: OperatorContext,
  count: number,
): OperatorResult | undefined {
  try {
    context.checkChildLimits(count);
    return undefined;
  } catch (error) {
    if (!OrchestrationLimitError.isInstance(error)) throw error;
    return failed(operator, error, { limit: error.limit, limitValue: error.limitValue });
  }
}
