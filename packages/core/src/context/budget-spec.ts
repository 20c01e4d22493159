import { z } from 'zod';
import { type Decimal, type MoneyInput, moneySchema } from '../money';
import { parseInput } from '../validation';
import { withoutUndefined } from '../without-undefined';

/** Per-execution resource limits. Absent fields are unlimited. */
export interface BudgetSpec {
  /** Total tokens (input + output) across all model steps. */
  readonly maxTokens?: number;
  /** Maximum cost in dollars. */
  readonly maxCost?: Decimal;
  readonly maxToolCalls?: number;
  /** Maximum model steps (conversation turns). */
  readonly maxTurns?: number;
  readonly maxRuntimeSeconds?: number;
}

export interface BudgetSpecInput {
  maxTokens?: number;
  maxCost?: MoneyInput;
  maxToolCalls?: number;
  maxTurns?: number;
  maxRuntimeSeconds?: number;
}

export interface BudgetSpecJSON {
  maxTokens?: number;
  maxCost?: string;
  maxToolCalls?: number;
  maxTurns?: number;
  maxRuntimeSeconds?: number;
}

export const budgetSpecSchema = z.strictObject({
  maxTokens: z.number().int().positive().optional(),
  maxCost: moneySchema.optional(),
  maxToolCalls: z.number().int().nonnegative().optional(),
  maxTurns: z.number().int().positive().optional(),
  maxRuntimeSeconds: z.number().positive().finite().optional(),
});

/** Validates a BudgetSpec; throws ValidationError naming the field. */
export function budgetSpec(input: BudgetSpecInput = {}, what = 'budgets'): BudgetSpec {
  return withoutUndefined(parseInput(budgetSpecSchema, input, what));
}

export function budgetSpecToJSON(spec: BudgetSpec): BudgetSpecJSON {
  return withoutUndefined({ ...spec, maxCost: spec.maxCost?.toString() });
}
