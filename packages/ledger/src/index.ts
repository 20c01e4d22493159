export { BudgetExceededError } from '@agent-runtime/core';
export {
  type BudgetLimit,
  type LimitUsage,
  metricOf,
  type UsageAmount,
  type UsageMetric,
} from './budget-limit';
export { InMemoryLedgerWriter } from './in-memory-ledger-writer';
export {
  type FromUsageOptions,
  LedgerEvent,
  type LedgerEventInit,
  type LedgerEventJSON,
  type UsageInput,
} from './ledger-event';
export { LEDGER_EVENT_TYPES, LedgerEventType } from './ledger-event-type';
export type {
  LedgerEventFilter,
  LedgerWriter,
  ReservationOutcome,
  ReservationRequest,
  ReservationState,
  UsageFilter,
} from './ledger-writer';
export { ledgerEventFilter, matchesUsageFilter, usageFilter } from './usage-filter';
export { addEventToUsage, emptyUsage, type UsageRecord } from './usage-record';
