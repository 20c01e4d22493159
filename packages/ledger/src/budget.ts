import {
  type Decimal,
  idSchema,
  type MoneyInput,
  moneySchema,
  parseInput,
  withoutUndefined,
} from '@agent-runtime/core';
import { z } from 'zod';

/** What happens when a limit would be exceeded: refuse, tell the caller to degrade, or only warn. */
export type ExceedStrategy = 'deny' | 'degrade' | 'warn';

/**
 * Limits for a scope (tenant), for one principal in it when `principalId` is set, for one session when
 * `sessionId` is set (or for one principal's session, with both); every budget whose set fields match the
 * work's context applies to it. A "request" is one job (usage with the context's jobId). Daily windows reset at 00:00 UTC, monthly on
 * the 1st at 00:00 UTC, per-minute at each UTC minute. Absent limits are unlimited.
 */
export interface Budget {
  readonly scopeId: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly maxTokensPerRequest?: number;
  readonly maxTokensDaily?: number;
  readonly maxTokensMonthly?: number;
  readonly maxTokensTotal?: number;
  readonly maxCostPerRequest?: Decimal;
  readonly maxCostDaily?: Decimal;
  readonly maxCostMonthly?: Decimal;
  readonly maxRequestsPerMinute?: number;
  readonly maxRequestsDaily?: number;
  readonly maxToolCallsPerRequest?: number;
  readonly maxToolCallsDaily?: number;
  /** Fraction of a limit (0–1] at which checks answer `warn` and a budget_warning event is written. */
  readonly warningThreshold: number;
  readonly exceedStrategy: ExceedStrategy;
}

type CostField = 'maxCostPerRequest' | 'maxCostDaily' | 'maxCostMonthly';

export type BudgetInput = Omit<Budget, CostField | 'warningThreshold' | 'exceedStrategy'> & {
  readonly [K in CostField]?: MoneyInput;
} & { readonly warningThreshold?: number; readonly exceedStrategy?: ExceedStrategy };

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional();
const budgetSchema = z.strictObject({
  scopeId: idSchema,
  principalId: idSchema.optional(),
  sessionId: idSchema.optional(),
  maxTokensPerRequest: count,
  maxTokensDaily: count,
  maxTokensMonthly: count,
  maxTokensTotal: count,
  maxCostPerRequest: moneySchema.optional(),
  maxCostDaily: moneySchema.optional(),
  maxCostMonthly: moneySchema.optional(),
  maxRequestsPerMinute: count,
  maxRequestsDaily: count,
  maxToolCallsPerRequest: count,
  maxToolCallsDaily: count,
  warningThreshold: z.number().gt(0).lte(1).default(0.8),
  exceedStrategy: z.enum(['deny', 'degrade', 'warn']).default('deny'),
});

/** Validates a Budget; throws core's ValidationError naming the field (`budget.maxCostDaily`). */
export function budget(input: BudgetInput): Budget {
  const parsed = parseInput(budgetSchema, input, 'budget');
  return Object.freeze(withoutUndefined(parsed)) as unknown as Budget;
}
