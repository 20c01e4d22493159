import { Decimal, PolicyDenied, type StepInfo, type StepPlan } from '@agent-runtime/core';
import { PolicyDecision, policyContextFrom } from '@agent-runtime/policy';
import type { Execution } from '../execution/execution';
import { executionUsage, usageOfJob } from '../execution/job-usage';
import { applyPolicy, type PolicyVerdict } from './policy-gate';
import { beforeStep } from './step-guard';
import { currentStepSize } from './step-reservation';

interface ToolBatch {
  readonly step: number;
  readonly size: number;
  verdict?: Promise<PolicyVerdict>;
}

const batches = new WeakMap<Execution, ToolBatch>();

/** The step guard, then the constraint gate, before every model step. */
export async function guardStep(execution: Execution, info: StepInfo): Promise<StepPlan | undefined> {
  const plan = await beforeStep(execution, info);
  try {
    await checkStepConstraints(execution);
  } catch (error) {
    throw execution.fail(error);
  }
  return plan;
}

/**
 * Before a model step: the constraint rules see the job's usage so far plus the step's estimated input
 * (`requestedTokens`, `requestedCost`: a ConstraintPolicy limits one execution request), and the model rules see
 * the step's own size (ModelPolicy `maxTokensPerRequest` limits one model request; its approval is asked once,
 * by the step guard, so only a deny counts here). The estimate is the one the step was reserved for (the
 * kernel's `tokenEstimator`). A deny ends the job; `require_approval` waits for a human.
 */
export async function checkStepConstraints(execution: Execution): Promise<void> {
  const { policy, ledger, agent } = execution.services;
  const model = execution.degraded && agent.degradedModel ? agent.degradedModel : agent.model;
  const stepTokens = currentStepSize(execution)?.inputTokens ?? 0;
  // the step's reservation read the job's usage in its own statement when the writer does that
  const recorded = execution.stepReservation?.jobUsage;
  const used = recorded ? executionUsage(recorded) : await usageOfJob(ledger, execution.jobId);
  const stepCost = ledger.costOf(model.modelId, { inputTokens: stepTokens, outputTokens: 0 });
  const request = {
    requestedTokens: used.totalTokens + stepTokens,
    requestedCost: new Decimal(used.totalCost).plus(stepCost),
    metadata: { step: execution.currentStep, stepTokens, model: model.modelId, provider: model.provider },
  };
  const constraints = await policy.checkConstraints(policyContextFrom(execution.ctx, request));
  const verdict = await applyPolicy(execution, constraints, { payload: request.metadata });
  if (!verdict.allowed) throw verdict.error;
  const modelCheck = await policy.checkModel(
    model.modelId,
    policyContextFrom(execution.ctx, { requestedTokens: stepTokens, metadata: { provider: model.provider } }),
  );
  if (modelCheck.decision === PolicyDecision.DENY)
    throw new PolicyDenied({ reason: modelCheck.reason, violations: modelCheck.violations });
}

/** Remembers how many tool calls the step that just finished asked for (one batch). */
export function noteToolBatch(execution: Execution, step: number, size: number): void {
  batches.set(execution, { step, size });
}

/**
 * Before the tool calls of a turn: the constraint rules are asked once for the whole batch
 * (`toolCallsThisTurn` = how many calls the step asked for), and every call of the batch gets that verdict.
 * Calls not announced by a step (resumed ones) are counted one by one.
 */
export function checkToolBatch(execution: Execution): Promise<PolicyVerdict> {
  const batch = batches.get(execution);
  if (batch?.step !== execution.currentStep) return evaluateBatch(execution, execution.toolCallsThisStep);
  batch.verdict ??= evaluateBatch(execution, batch.size);
  return batch.verdict;
}

async function evaluateBatch(execution: Execution, size: number): Promise<PolicyVerdict> {
  const request = { toolCallsThisTurn: size, metadata: { step: execution.currentStep } };
  const result = await execution.services.policy.checkConstraints(policyContextFrom(execution.ctx, request));
  return applyPolicy(execution, result, { payload: { step: execution.currentStep, toolCalls: size } });
}
