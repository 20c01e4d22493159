import {
  BudgetExceededError,
  CancelledError,
  Decimal,
  type ModelInfo,
  NotFoundError,
  type StepInfo,
} from '@agent-runtime/core';
import { BudgetDecision } from '@agent-runtime/ledger';
import type { GatedAgent, GatedStep, OperatorContext, StepGate } from '@agent-runtime/orchestration';
import { PolicyDecision, policyContextFrom } from '@agent-runtime/policy';
import { type ReservedStep, reserveModelStep } from '../gates/step-reservation';
import { enforcePolicy } from './operator-policy';
import { OperatorRun } from './operator-run';
import { ReservedStepHold } from './reserved-step-hold';

/**
 * The kernel's gate before each model step of an agent inside an operator job, as before a job's steps: the
 * agent's job and the operator job must still be active, the model must pass the model rules (once per agent
 * run and model), the step is reserved against every hard ledger limit of the agent's job (tenant, principal,
 * session budgets and its BudgetSpec) with its output capped to the headroom, and the constraint rules see the
 * run's usage so far plus the step's estimated input (the same `tokenEstimator` estimate).
 */
export function operatorStepGate(run: OperatorRun): StepGate {
  const checkedModels = new WeakMap<OperatorContext, Set<string>>();
  const checkModel = async (context: OperatorContext, model: ModelInfo) => {
    const checked = checkedModels.get(context) ?? new Set<string>();
    checkedModels.set(context, checked);
    if (checked.has(model.modelId)) return;
    const ctx = policyContextFrom(context.executionContext, { metadata: { provider: model.provider } });
    const result = await run.services.policy.checkModel(model.modelId, ctx);
    await enforcePolicy(run, context, result, { provider: model.provider, model: model.modelId });
    checked.add(model.modelId);
  };
  return async (info, agent, context) => {
    await checkStillActive(run, context);
    await checkModel(context, agent.model);
    let degrade = false;
    let reserved = await reserve(run, context, agent.model, agent, info);
    if (reserved.reservation.decision === BudgetDecision.DEGRADE && !agent.degraded) {
      await reserved.reservation.release();
      if (!agent.degradedModel) throw noDegradedModel();
      await checkModel(context, agent.degradedModel);
      reserved = await reserve(run, context, agent.degradedModel, agent, info);
      degrade = true;
    }
    try {
      await checkConstraints(run, context, degrade ? agent.degradedModel! : agent.model, reserved);
    } catch (error) {
      await reserved.reservation.release();
      throw error;
    }
    const { maxOutputTokens } = reserved.size;
    const plan = { ...(degrade && { degrade }), ...(maxOutputTokens !== undefined && { maxOutputTokens }) };
    return { plan, hold: new ReservedStepHold(reserved) } satisfies GatedStep;
  };
}

function reserve(
  run: OperatorRun,
  context: OperatorContext,
  model: ModelInfo,
  agent: GatedAgent,
  info: StepInfo,
): Promise<ReservedStep> {
  return reserveModelStep(run.services, { ctx: context.executionContext, model, tools: agent.tools }, info);
}

/** The agent's job or the operator job was ended elsewhere (another kernel cancelled it, a sweep timed it out). */
async function checkStillActive(run: OperatorRun, context: OperatorContext): Promise<void> {
  context.throwIfCancelled();
  const jobId = OperatorRun.jobOf(context.executionContext);
  for (const id of new Set([jobId, run.jobId])) {
    const job = await run.services.jobs.get(id);
    if (!job) throw new NotFoundError({ resource: 'job', id });
    if (!job.isTerminal) continue;
    const reason = `job was ended elsewhere (${job.status})`;
    if (id === run.jobId) run.cancellation.cancel(reason);
    throw new CancelledError({ reason });
  }
}

/**
 * The constraint rules (`maxTokensPerRequest`, `maxCostPerRequest`: one execution request, here the whole
 * operator run) and the model rules' `maxTokensPerRequest` (this step alone) before the step.
 */
async function checkConstraints(
  run: OperatorRun,
  context: OperatorContext,
  model: ModelInfo,
  { size }: ReservedStep,
): Promise<void> {
  const { policy, ledger } = run.services;
  const used = (run.root ?? context).usage;
  const stepTokens = size.inputTokens;
  const stepCost = ledger.costOf(model.modelId, { inputTokens: stepTokens, outputTokens: 0 });
  const request = {
    requestedTokens: used.totalTokens + stepTokens,
    requestedCost: new Decimal(used.cost).plus(stepCost),
    metadata: { stepTokens, model: model.modelId, provider: model.provider },
  };
  const ctx = context.executionContext;
  const constraints = await policy.checkConstraints(policyContextFrom(ctx, request));
  await enforcePolicy(run, context, constraints, { ...request.metadata });
  const modelCheck = await policy.checkModel(
    model.modelId,
    policyContextFrom(ctx, { requestedTokens: stepTokens, metadata: { provider: model.provider } }),
  );
  if (modelCheck.decision === PolicyDecision.DENY) await enforcePolicy(run, context, modelCheck, {});
}

function noDegradedModel(): BudgetExceededError {
  return new BudgetExceededError({
    limit: 'budget',
    limitValue: 'degrade',
    usage: 'exceeded',
    message: 'a budget says degrade, but the agent has no degraded model to switch to',
  });
}
