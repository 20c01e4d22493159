import {
  BudgetExceededError,
  type JsonValue,
  type ModelInfo,
  type RuntimeTool,
  type StepInfo,
  ValidationError,
} from '@agent-runtime/core';
import { z } from 'zod';
import type { Execution } from './execution';
import { type StepSize, sizeStep } from './step-size';
import type { ToolDescription } from './token-estimator';

/** Sizing again after a concurrent job took the headroom between the measurement and the reservation. */
const MAX_ATTEMPTS = 4;

const sizes = new WeakMap<Execution, StepSize>();
const toolDescriptions = new WeakMap<ReadonlyMap<string, RuntimeTool>, ToolDescription[]>();

/** The size reserved for the step now running: what its recorded usage must stay within. */
export function currentStepSize(execution: Execution): StepSize | undefined {
  return sizes.get(execution);
}

/**
 * Estimates the step's input, reserves input + capped output under every hard token and cost limit (an atomic
 * check-and-hold in the ledger writer, so concurrent jobs in any process cannot overspend), and returns the
 * output cap for the model call. Refuses the step with BudgetExceededError before the call when the headroom
 * cannot cover the input.
 */
export async function reserveStep(execution: Execution, info: StepInfo): Promise<number | undefined> {
  const { ledger, tokenEstimator, maxStepOutputTokens } = execution.services;
  const model = modelOf(execution);
  const estimate = await tokenEstimator({
    model,
    ...(info.instructions === undefined ? {} : { instructions: info.instructions }),
    messages: info.state.messages,
    tools: describeTools(execution),
  });
  if (typeof estimate !== 'number' || !Number.isFinite(estimate) || estimate < 0)
    throw new ValidationError({
      field: 'tokenEstimator',
      message: `tokenEstimator: must return a finite number >= 0, got ${String(estimate)}`,
    });
  const inputTokens = Math.ceil(estimate);
  const price = ledger.pricePerToken(model.modelId);
  for (let attempt = 1; ; attempt++) {
    const size = sizeStep(await ledger.headroom(execution.ctx), inputTokens, price, maxStepOutputTokens);
    try {
      execution.stepReservation = await ledger.reserve(execution.ctx, {
        tokens: size.tokens,
        cost: size.cost,
      });
      sizes.set(execution, size);
      return size.maxOutputTokens;
    } catch (error) {
      if (!BudgetExceededError.isInstance(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

function modelOf(execution: Execution): ModelInfo {
  const { agent } = execution.services;
  return execution.degraded && agent.degradedModel ? agent.degradedModel : agent.model;
}

/** The step's tools as the model sees them (name, description, input JSON Schema), computed once per tool set. */
function describeTools(execution: Execution): ToolDescription[] {
  const known = toolDescriptions.get(execution.tools);
  if (known) return known;
  const described = [...execution.tools.values()].map(describeTool);
  toolDescriptions.set(execution.tools, described);
  return described;
}

function describeTool(tool: RuntimeTool): ToolDescription {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.inputSchema, { unrepresentable: 'any' }) as JsonValue,
  };
}
