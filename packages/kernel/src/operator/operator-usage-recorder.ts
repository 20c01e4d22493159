import { Decimal } from '@agent-runtime/core';
import type { Ledger } from '@agent-runtime/ledger';
import type { UsageRecorder } from '@agent-runtime/orchestration';
import { overspendError } from '../gates/overspend-check';
import { ReservedStepHold } from './reserved-step-hold';

/**
 * Records each model step of an agent inside an operator job in the ledger under the agent's job, settling the
 * reservation the step gate made for it; a step that used more than it was capped to while a hard limit is now
 * over throws BudgetExceededError (the agent fails), as it stops a job.
 */
export function operatorUsageRecorder(ledger: Ledger): UsageRecorder {
  return {
    async recordModelUsage(ctx, usage, { hold, ...info }) {
      const step = hold instanceof ReservedStepHold ? hold.step : undefined;
      if (!step) await hold?.release();
      const entry = await ledger.recordModelUsage(ctx, usage, {
        ...info,
        ...(step && { reservation: step.reservation }),
      });
      const error = step && (await overspendError(ledger, ctx, step.size, usage, new Decimal(entry.cost)));
      if (error) throw error;
      return entry;
    },
  };
}
