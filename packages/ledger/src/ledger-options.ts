import {
  type Clock,
  clockSchema,
  implementing,
  isNonEmptyString,
  isNonNegativeInteger,
  isNonNegativeNumber,
  isUndefined,
  jsonObjectSchema,
  type MoneyInput,
  moneySchema,
  orUndefined,
  withQuickCheck,
  withQuickFields,
} from '@agent-runtime/core';
import { z } from 'zod';
import type { BudgetStore } from './budget-store';
import type { PricingTable } from './pricing';
import { Reservation } from './reservation';

export interface LedgerOptions {
  clock?: Clock;
  /** Prices per model, used when a usage record carries no cost. */
  pricing?: PricingTable;
  /** How long an unsettled reservation holds headroom. @default 10 minutes */
  reservationTtlMs?: number;
  /**
   * Where `setBudget` keeps budgets and every check reads them: give every ledger on one database the same
   * database store (PostgresBudgetStore) and they all enforce the same budgets.
   * @default new InMemoryBudgetStore()
   */
  budgetStore?: BudgetStore;
}

/** What an operation is about to use. A check/reservation without tool calls counts as one model request. */
export interface PendingUsage {
  pendingTokens?: number;
  pendingCost?: MoneyInput;
  pendingToolCalls?: number;
  /** @default 1 when there are no pending tool calls, else 0 */
  pendingRequests?: number;
}

export interface ReserveInput {
  tokens?: number;
  cost?: MoneyInput;
  toolCalls?: number;
  /** @default 1 when there are no tool calls, else 0 */
  requests?: number;
}

export interface ModelUsageOptions {
  provider: string;
  model: string;
  /** Default: from the pricing table. */
  cost?: MoneyInput;
  durationMs?: number;
  metadata?: Record<string, unknown>;
  /** Settle this reservation with the event (atomically) instead of writing it alone. */
  reservation?: Reservation;
}

export interface ToolUsageOptions {
  toolName: string;
  durationMs: number;
  cost?: MoneyInput;
  metadata?: Record<string, unknown>;
  reservation?: Reservation;
}

const DEFAULT_TTL_MS = 10 * 60_000;
// the schemas of the kernel's per-step calls parse field by field, skipping zod where a quick check decides
const count = withQuickCheck(z.number().int().nonnegative().optional(), orUndefined(isNonNegativeInteger));
const optionalMoney = () => withQuickCheck(moneySchema.optional(), isUndefined);
const optionalMetadata = () => withQuickCheck(jsonObjectSchema().optional(), isUndefined);
const optionalReservation = () =>
  withQuickCheck(
    z.instanceof(Reservation).optional(),
    orUndefined((value) => value instanceof Reservation),
  );
const name = withQuickCheck(z.string().min(1), isNonEmptyString);
const duration = withQuickCheck(z.number().nonnegative().finite(), isNonNegativeNumber);
export const ledgerOptionsSchema = z.strictObject({
  clock: clockSchema.optional(),
  pricing: z.unknown().optional(),
  reservationTtlMs: z.number().int().positive().default(DEFAULT_TTL_MS),
  budgetStore: implementing<BudgetStore>('set', 'get', 'remove', 'applicable').optional(),
});
export const pendingSchema = z.strictObject({
  pendingTokens: count,
  pendingCost: moneySchema.optional(),
  pendingToolCalls: count,
  pendingRequests: count,
});
export const reserveSchema = withQuickFields(
  z.strictObject({
    tokens: count,
    cost: optionalMoney(),
    toolCalls: count,
    requests: count,
  }),
);
export const settleSchema = z.strictObject({
  tokens: count,
  inputTokens: count,
  outputTokens: count,
  cost: moneySchema.optional(),
  toolCalls: count,
  provider: z.string().optional(),
  model: z.string().optional(),
  toolName: z.string().min(1).optional(),
  durationMs: z.number().nonnegative().finite().optional(),
  metadata: jsonObjectSchema().optional(),
});
export const modelUsageSchema = withQuickFields(
  z.strictObject({
    provider: name,
    model: name,
    cost: optionalMoney(),
    durationMs: withQuickCheck(duration.optional(), orUndefined(isNonNegativeNumber)),
    metadata: optionalMetadata(),
    reservation: optionalReservation(),
  }),
);
export const toolUsageSchema = withQuickFields(
  z.strictObject({
    toolName: name,
    durationMs: duration,
    cost: optionalMoney(),
    metadata: optionalMetadata(),
    reservation: optionalReservation(),
  }),
);
