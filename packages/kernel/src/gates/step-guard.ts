import {
  BudgetExceededError,
  type ModelInfo,
  RuntimeTimeoutError,
  type RuntimeTool,
  type StepInfo,
  type StepPlan,
} from '@agent-runtime/core';
import { BudgetDecision } from '@agent-runtime/ledger';
import { policyContextFrom } from '@agent-runtime/policy';
import type { Execution } from '../execution/execution';
import { checkJobStillActive } from '../execution/job-liveness';
import { refreshTools } from '../execution/refresh-tools';
import { applyPolicy } from './policy-gate';
import { reserveStep } from './step-reservation';

/**
 * Runs before every model step: the job must still be active (another kernel may have cancelled it), within
 * `maxTurns` and `maxRuntimeSeconds`, its model allowed by policy (checked before the first step and again
 * when degrading), and the budgets must have room for the step's estimated input, reserved with its capped
 * output so concurrent jobs of one tenant cannot overspend. Returns the output cap, `degrade: true` once a
 * budget says `degrade` and the driver has a cheaper model, and the tools when a plugin's list changed since
 * the last step (refreshed before the estimate, so it counts them).
 */
export async function beforeStep(execution: Execution, info: StepInfo): Promise<StepPlan | undefined> {
  execution.currentStep = info.step;
  let maxOutputTokens: number | undefined;
  let tools: readonly RuntimeTool[] | undefined;
  execution.toolCallsThisStep = 0;
  try {
    await checkJobStillActive(execution);
    checkTurns(execution);
    checkRuntime(execution);
    if (!execution.modelChecked) await checkModel(execution, execution.services.agent.model);
    execution.modelChecked = true;
    tools = refreshTools(execution);
    maxOutputTokens = await reserveWithinBudget(execution, info);
  } catch (error) {
    throw execution.fail(error);
  }
  const plan: StepPlan = {};
  if (execution.degraded) plan.degrade = true;
  if (tools !== undefined) plan.tools = tools;
  if (maxOutputTokens !== undefined) plan.maxOutputTokens = maxOutputTokens;
  return plan;
}

function checkTurns(execution: Execution): void {
  const { maxTurns } = execution.ctx.budgets;
  if (maxTurns !== undefined && execution.turns >= maxTurns)
    throw new BudgetExceededError({ limit: 'maxTurns', limitValue: maxTurns, usage: execution.turns + 1 });
}

/** `maxRuntimeSeconds` ends the job `timed_out`, like `timeoutSeconds`. */
export function checkRuntime(execution: Execution): void {
  const { maxRuntimeSeconds } = execution.ctx.budgets;
  if (maxRuntimeSeconds === undefined) return;
  const elapsedMs = execution.elapsedMs();
  if (elapsedMs >= maxRuntimeSeconds * 1000)
    throw new RuntimeTimeoutError({
      message: `maxRuntimeSeconds ${maxRuntimeSeconds} exceeded`,
      timeoutMs: maxRuntimeSeconds * 1000,
    });
}

async function checkModel(execution: Execution, model: ModelInfo): Promise<void> {
  const { policy } = execution.services;
  const result = await policy.checkModel(
    model.modelId,
    policyContextFrom(execution.ctx, { metadata: { provider: model.provider } }),
  );
  const verdict = await applyPolicy(execution, result, {
    payload: { provider: model.provider, model: model.modelId },
  });
  if (!verdict.allowed) throw verdict.error;
}

async function reserveWithinBudget(execution: Execution, info: StepInfo): Promise<number | undefined> {
  const { agent } = execution.services;
  const maxOutputTokens = await reserveStep(execution, info);
  const reservation = execution.stepReservation;
  if (reservation?.decision !== BudgetDecision.DEGRADE || execution.degraded) return maxOutputTokens;
  if (!agent.degradedModel) {
    await reservation.release();
    execution.stepReservation = undefined;
    throw new BudgetExceededError({
      limit: 'budget',
      limitValue: 'degrade',
      usage: 'exceeded',
      message: 'a budget says degrade, but the agent has no degraded model to switch to',
    });
  }
  await checkModel(execution, agent.degradedModel);
  execution.degraded = true;
  // the hold was sized for the primary model's prices: size it again for the degraded one
  execution.stepReservation = undefined;
  await reservation.release();
  return reserveStep(execution, info);
}
