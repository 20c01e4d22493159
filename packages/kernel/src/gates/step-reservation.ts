import {
  BudgetExceededError,
  deepFreeze,
  type ExecutionContext,
  type JsonValue,
  type ModelInfo,
  type RuntimeTool,
  type StepInfo,
  ValidationError,
} from '@agent-runtime/core';
import type { Reservation } from '@agent-runtime/ledger';
import { z } from 'zod';
import type { Execution } from '../execution/execution';
import type { KernelServices } from '../kernel-services';
import type { ToolDescription } from '../token-estimator';
import { type StepSize, sizeStep } from './step-size';

/** Sizing again after a concurrent job took the headroom between the measurement and the reservation. */
const MAX_ATTEMPTS = 4;

/** The tools of a step: a job's tool map or an agent's tool list (each described once). */
export type StepTools = ReadonlyMap<string, RuntimeTool> | readonly RuntimeTool[];

/** Whose model step is sized: its context (budgets, identity), the model it calls and the tools it offers. */
export interface StepSubject {
  readonly ctx: ExecutionContext;
  readonly model: ModelInfo;
  readonly tools: StepTools;
}

/** A step's hold on the ledger and the size it was reserved for. */
export interface ReservedStep {
  readonly reservation: Reservation;
  readonly size: StepSize;
}

type ReservingServices = Pick<KernelServices, 'ledger' | 'tokenEstimator' | 'maxStepOutputTokens'>;

const sizes = new WeakMap<Execution, StepSize>();
const toolDescriptions = new WeakMap<StepTools, ToolDescription[]>();

/** The size reserved for the step now running: what its recorded usage must stay within. */
export function currentStepSize(execution: Execution): StepSize | undefined {
  return sizes.get(execution);
}

/**
 * Reserves the job's next step (see `reserveModelStep`) on the model the job runs now, and returns the output
 * cap for the model call.
 */
export async function reserveStep(execution: Execution, info: StepInfo): Promise<number | undefined> {
  const { reservation, size } = await reserveModelStep(
    execution.services,
    { ctx: execution.ctx, model: modelOf(execution), tools: execution.tools },
    info,
  );
  execution.stepReservation = reservation;
  execution.usage.stepReserved(reservation.jobUsage);
  sizes.set(execution, size);
  return size.maxOutputTokens;
}

/**
 * Estimates the step's input with the kernel's TokenEstimator, reserves input + capped output under every hard
 * token and cost limit (an atomic check-and-hold in the ledger writer, so concurrent jobs in any process cannot
 * overspend), and returns the hold with the step's size. Refuses the step with BudgetExceededError before the
 * call when the headroom cannot cover the input. Used by jobs and by the agents of operator jobs alike.
 */
export async function reserveModelStep(
  services: ReservingServices,
  subject: StepSubject,
  info: StepInfo,
): Promise<ReservedStep> {
  const { ledger, maxStepOutputTokens } = services;
  const inputTokens = await estimateStepInput(services, subject, info);
  const price = ledger.pricePerToken(subject.model.modelId);
  for (let attempt = 1; ; attempt++) {
    let sized = false;
    try {
      return await ledger.reserveWithin(subject.ctx, (headroom) => {
        const size = sizeStep(headroom, inputTokens, price, maxStepOutputTokens);
        sized = true;
        return size;
      });
    } catch (error) {
      // a step the headroom cannot cover is refused at once; a reservation a concurrent job beat is sized again
      if (!sized || !BudgetExceededError.isInstance(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** The TokenEstimator's count of what the step sends (instructions, messages, tools), rounded up. */
async function estimateStepInput(
  { tokenEstimator }: Pick<KernelServices, 'tokenEstimator'>,
  { model, tools }: StepSubject,
  info: StepInfo,
): Promise<number> {
  const estimate = await tokenEstimator({
    model,
    ...(info.instructions === undefined ? {} : { instructions: info.instructions }),
    messages: info.state.messages,
    tools: describeTools(tools),
  });
  if (typeof estimate !== 'number' || !Number.isFinite(estimate) || estimate < 0)
    throw new ValidationError({
      field: 'tokenEstimator',
      message: `tokenEstimator: must return a finite number >= 0, got ${String(estimate)}`,
    });
  return Math.ceil(estimate);
}

function modelOf(execution: Execution): ModelInfo {
  const { agent } = execution.services;
  return execution.degraded && agent.degradedModel ? agent.degradedModel : agent.model;
}

/** The step's tools as the model sees them (name, description, input JSON Schema), computed once per tool set. */
function describeTools(tools: StepTools): ToolDescription[] {
  const known = toolDescriptions.get(tools);
  if (known) return known;
  const described = [...tools.values()].map(describeTool);
  toolDescriptions.set(tools, described);
  return described;
}

function describeTool(tool: RuntimeTool): ToolDescription {
  return { name: tool.name, description: tool.description, inputSchema: inputJsonSchema(tool.inputSchema) };
}

/** Each input schema's JSON Schema, made once and frozen: a job's tool set is new, its schemas are not. */
const inputJsonSchemas = new WeakMap<z.ZodType, JsonValue>();

function inputJsonSchema(schema: z.ZodType): JsonValue {
  let json = inputJsonSchemas.get(schema);
  if (json === undefined) {
    json = deepFreeze(z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonValue);
    inputJsonSchemas.set(schema, json);
  }
  return json;
}
