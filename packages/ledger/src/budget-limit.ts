import { Decimal } from '@agent-runtime/core';

/**
 * The quantity a limit measures. Over ledger events: `tokens` = sum of totalTokens, `cost` = sum of cost,
 * `requests` = number of model_usage events, `toolCalls` = number of tool_usage events. Over reservations:
 * the reservation's amount of that metric.
 */
export type UsageMetric = 'tokens' | 'cost' | 'requests' | 'toolCalls';

/** An amount of every metric: what a reservation holds, or what an operation is about to use. */
export interface UsageAmount {
  readonly tokens: number;
  readonly cost: Decimal;
  readonly requests: number;
  readonly toolCalls: number;
}

/**
 * One budget limit as a store sees it: "the `metric` of the usage matching (`scopeId`, `principalId`?,
 * `sessionId`?, `jobId`?) since `since` must not exceed `max`". The ledger derives these from Budgets and BudgetSpecs.
 */
export interface BudgetLimit {
  /** Unique within one request, e.g. `scope:tenant-1:maxTokensDaily`; echoed in LimitUsage. */
  readonly key: string;
  readonly metric: UsageMetric;
  readonly scopeId: string;
  /** When set, only usage of this principal counts. */
  readonly principalId?: string;
  /** When set, only usage of this session counts. */
  readonly sessionId?: string;
  /** When set, only usage of this job counts (per-request limits). */
  readonly jobId?: string;
  /** Window start, epoch ms, inclusive; absent = all time. Applies to events; open reservations always count. */
  readonly since?: number;
  readonly max: Decimal;
  /** A hard limit: `reserve` refuses when `used + reserved + requested > max`. Soft limits are only measured. */
  readonly enforce: boolean;
}

/** What a store measured for one BudgetLimit. */
export interface LimitUsage {
  readonly key: string;
  /** The metric summed over matching events in the window. */
  readonly used: Decimal;
  /** The metric summed over matching open, unexpired reservations (not counting the one being made). */
  readonly reserved: Decimal;
}

/** One metric of an amount, as a Decimal. */
export function metricOf(amount: UsageAmount, metric: UsageMetric): Decimal {
  return new Decimal(amount[metric]);
}
