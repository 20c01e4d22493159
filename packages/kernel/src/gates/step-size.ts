import { BudgetExceededError, Decimal } from '@agent-runtime/core';
import type { Headroom, MetricHeadroom } from '@agent-runtime/ledger';

/** Per-token prices of the step's model (from the ledger's pricing table). */
export interface TokenPrice {
  readonly input: Decimal;
  readonly output: Decimal;
}

/**
 * What the kernel reserves for one model step and caps it to. `bound` holds the metrics a hard limit governs:
 * the step's recorded usage must stay within them (a provider that ignores the cap breaks it).
 */
export interface StepSize {
  /** The step's estimated input (the TokenEstimator's count). */
  readonly inputTokens: number;
  readonly tokens: number;
  readonly cost: Decimal;
  readonly maxOutputTokens?: number;
  readonly bound: { readonly tokens?: number; readonly cost?: Decimal };
}

/**
 * Sizes a step of `inputTokens` (estimated) under the headroom: output capped so input + output fits every hard
 * token limit, and (priced model) input cost + output cost fits every hard cost limit, and at most
 * `maxStepOutputTokens`. Throws BudgetExceededError when the headroom cannot cover the input and one output
 * token. With no hard token or cost limit, nothing is reserved or capped.
 */
export function sizeStep(
  headroom: Headroom,
  inputTokens: number,
  price: TokenPrice | undefined,
  maxStepOutputTokens: number,
): StepSize {
  const tokenRoom = headroom.tokens && outputRoom(headroom.tokens, new Decimal(inputTokens), new Decimal(1));
  const costRoom =
    headroom.cost && price && outputRoom(headroom.cost, price.input.times(inputTokens), price.output);
  const caps = [tokenRoom, costRoom].filter((cap): cap is number => cap !== undefined);
  if (caps.length === 0) {
    const cost = headroom.cost ? { cost: new Decimal(0) } : {};
    return { inputTokens, tokens: 0, cost: new Decimal(0), bound: cost };
  }
  const maxOutputTokens = Math.min(...caps, maxStepOutputTokens);
  const tokens = inputTokens + maxOutputTokens;
  const cost = price
    ? price.input.times(inputTokens).plus(price.output.times(maxOutputTokens))
    : new Decimal(0);
  return {
    inputTokens,
    tokens,
    cost,
    maxOutputTokens,
    bound: { ...(headroom.tokens ? { tokens } : {}), ...(headroom.cost ? { cost } : {}) },
  };
}

/** Whole output tokens (each costing `perOutput`) left under `room` after `input`; refuses below one. */
function outputRoom(room: MetricHeadroom, input: Decimal, perOutput: Decimal): number | undefined {
  const left = room.remaining.minus(input);
  if (perOutput.isZero()) return left.greaterThanOrEqualTo(0) ? undefined : refuse(room, input);
  const outputs = left.dividedBy(perOutput).floor();
  if (outputs.lessThan(1)) refuse(room, input.plus(perOutput));
  return Math.min(outputs.toNumber(), Number.MAX_SAFE_INTEGER);
}

function refuse(room: MetricHeadroom, needed: Decimal): never {
  const { limit } = room;
  throw new BudgetExceededError({
    limit: limit.name,
    limitValue: limit.max,
    usage: new Decimal(limit.used).plus(needed).toString(),
    message:
      `budget exceeded before the model call: ${limit.key} has ${room.remaining} ${limit.metric} left, ` +
      `the step needs at least ${needed} (estimated input and one output token)`,
  });
}
