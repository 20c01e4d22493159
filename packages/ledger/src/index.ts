export { BudgetExceededError } from '@agent-runtime/core';
export { type Budget, type BudgetInput, budget, type ExceedStrategy } from './budget';
export type { BudgetCheckResult, BudgetLimitStatus } from './budget-check';
export { BudgetDecision, moreRestrictive } from './budget-decision';
export { budgetKey } from './budget-key';
export {
  type BudgetLimit,
  type LimitUsage,
  metricOf,
  type UsageAmount,
  type UsageMetric,
} from './budget-limit';
export type { LimitSource } from './budget-limits';
export type { BudgetKey, BudgetStore } from './budget-store';
export type { Headroom, MetricHeadroom } from './headroom';
export { InMemoryBudgetStore } from './in-memory-budget-store';
export { InMemoryLedgerWriter, type InMemoryLedgerWriterOptions } from './in-memory-ledger-writer';
export { Ledger } from './ledger';
export {
  type FromUsageOptions,
  LedgerEvent,
  type LedgerEventInit,
  type LedgerEventJSON,
  type UsageInput,
} from './ledger-event';
export { LEDGER_EVENT_TYPES, LedgerEventType } from './ledger-event-type';
export type {
  LedgerOptions,
  ModelUsageOptions,
  PendingUsage,
  ReserveInput,
  ToolUsageOptions,
} from './ledger-options';
export { type LedgerRetention, ledgerRetentionSchema } from './ledger-retention';
export type {
  ExpectedBudgets,
  LedgerEventFilter,
  LedgerWriter,
  ReservationOutcome,
  ReservationRequest,
  ReservationState,
  UsageFilter,
} from './ledger-writer';
export type { ModelPrice, PricingTable } from './pricing';
export { Reservation, type SettleInput } from './reservation';
export { ledgerEventFilter, matchesUsageFilter, usageFilter } from './usage-filter';
export { addEventToUsage, emptyUsage, type UsageRecord } from './usage-record';
export type { UsageScopeOptions } from './usage-scope';
export { dayStart, minuteStart, monthStart } from './windows';
