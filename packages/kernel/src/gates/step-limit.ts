import { BudgetExceededError } from '@agent-runtime/core';
import type { Execution } from '../execution/execution';

/**
 * The error of a run the driver stopped at its step limit while the model was still calling tools: the job's
 * `maxTurns` when that was the limit, otherwise the driver's own `maxSteps`. Such a run has no answer, so it
 * fails instead of succeeding with the text of an unfinished step.
 */
export function stepLimitError(execution: Execution): BudgetExceededError {
  const { maxTurns } = execution.ctx.budgets;
  if (maxTurns !== undefined && execution.turns >= maxTurns)
    return new BudgetExceededError({
      limit: 'maxTurns',
      limitValue: maxTurns,
      usage: execution.turns,
      message: `budget maxTurns exceeded: the model was still calling tools after ${execution.turns} of ${maxTurns} turns`,
    });
  return new BudgetExceededError({
    limit: 'maxSteps',
    limitValue: execution.turns,
    usage: execution.turns,
    message: `the driver's maxSteps (${execution.turns}) ended the run while the model was still calling tools; raise budgets.maxTurns or the driver's maxSteps`,
  });
}
