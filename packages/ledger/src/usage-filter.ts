import {
  idSchema,
  isNonNegativeInteger,
  isStorableId,
  orUndefined,
  parseInput,
  withQuickCheck,
  withQuickFields,
} from '@agent-runtime/core';
import { z } from 'zod';
import { LEDGER_EVENT_TYPES, type LedgerEventType } from './ledger-event-type';
import type { LedgerEventFilter, UsageFilter } from './ledger-writer';

// quick checks: the kernel reads a job's usage at every step, a filter it builds costs no zod call
const id = withQuickCheck(idSchema.optional(), orUndefined(isStorableId));
const time = withQuickCheck(z.number().int().nonnegative().optional(), orUndefined(isNonNegativeInteger));
const usageFilterSchema = withQuickFields(
  z.strictObject({ scopeId: id, principalId: id, sessionId: id, jobId: id, since: time, until: time }),
);
const eventFilterSchema = withQuickFields(
  usageFilterSchema.extend({
    eventType: z.enum(LEDGER_EVENT_TYPES as [LedgerEventType, ...LedgerEventType[]]).optional(),
    limit: z.number().int().positive().optional(),
  }),
);

/** Validates a usage filter; throws ValidationError naming the field. */
export function usageFilter(input: UsageFilter = {}): UsageFilter {
  return parseInput(usageFilterSchema, input, 'filter');
}

/** Validates an event filter; throws ValidationError naming the field. */
export function ledgerEventFilter(input: LedgerEventFilter = {}): LedgerEventFilter {
  return parseInput(eventFilterSchema, input, 'filter');
}

/** Whether an event with these fields matches the filter (the in-memory reading of the contract). */
export function matchesUsageFilter(
  event: { scopeId: string; principalId?: string; sessionId?: string; jobId?: string; timestamp: number },
  filter: UsageFilter,
): boolean {
  return (
    (filter.scopeId === undefined || event.scopeId === filter.scopeId) &&
    (filter.principalId === undefined || event.principalId === filter.principalId) &&
    (filter.sessionId === undefined || event.sessionId === filter.sessionId) &&
    (filter.jobId === undefined || event.jobId === filter.jobId) &&
    (filter.since === undefined || event.timestamp >= filter.since) &&
    (filter.until === undefined || event.timestamp < filter.until)
  );
}
