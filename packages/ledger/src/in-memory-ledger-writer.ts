import { Decimal, ValidationError } from '@agent-runtime/core';
import { type BudgetLimit, type LimitUsage, metricOf, type UsageAmount } from './budget-limit';
import { LedgerEvent } from './ledger-event';
import { LedgerEventType } from './ledger-event-type';
import type {
  LedgerEventFilter,
  LedgerWriter,
  ReservationOutcome,
  ReservationRequest,
  ReservationState,
  UsageFilter,
} from './ledger-writer';
import { ledgerEventFilter, matchesUsageFilter, usageFilter } from './usage-filter';
import { addEventToUsage, emptyUsage, type UsageRecord } from './usage-record';

interface StoredReservation {
  readonly request: ReservationRequest;
  state: Exclude<ReservationState, 'unknown'>;
}

/**
 * A LedgerWriter in process memory. Each operation runs its read-check-write without awaiting in between,
 * so concurrent async callers see it as atomic, as they would a database transaction.
 */
export class InMemoryLedgerWriter implements LedgerWriter {
  private readonly events: LedgerEvent[] = [];
  private readonly reservations = new Map<string, StoredReservation>();

  async write(event: LedgerEvent): Promise<void> {
    await yieldTurn();
    this.events.push(assertEvent(event));
  }

  async getUsage(filter?: UsageFilter): Promise<UsageRecord> {
    const parsed = usageFilter(filter);
    await yieldTurn();
    return this.events.filter((e) => matchesUsageFilter(e, parsed)).reduce(addEventToUsage, emptyUsage());
  }

  async listEvents(filter?: LedgerEventFilter): Promise<LedgerEvent[]> {
    const parsed = ledgerEventFilter(filter);
    await yieldTurn();
    const matching = this.events
      .map((event, order) => ({ event, order }))
      .filter(({ event }) => matchesUsageFilter(event, parsed))
      .filter(({ event }) => parsed.eventType === undefined || event.type === parsed.eventType)
      .sort((a, b) => a.event.timestamp - b.event.timestamp || a.order - b.order)
      .map(({ event }) => event);
    return parsed.limit === undefined ? matching : matching.slice(0, parsed.limit);
  }

  async reserve(request: ReservationRequest): Promise<ReservationOutcome> {
    await yieldTurn();
    if (this.reservations.has(request.reservationId))
      throw new ValidationError({
        field: 'request.reservationId',
        message: `request.reservationId: reservation ${request.reservationId} already exists`,
      });
    const usage = this.measureNow(request.limits, request.now);
    const refused = request.limits.some((limit, i) => exceeds(limit, usage[i]!, request.amount));
    if (!refused) this.reservations.set(request.reservationId, { request, state: 'open' });
    return { reserved: !refused, usage };
  }

  async measure(limits: readonly BudgetLimit[], now: number): Promise<LimitUsage[]> {
    await yieldTurn();
    return this.measureNow(limits, now);
  }

  async settleReservation(reservationId: string, events: readonly LedgerEvent[]): Promise<ReservationState> {
    for (const event of events) assertEvent(event);
    await yieldTurn();
    const stored = this.reservations.get(reservationId);
    if (!stored) return 'unknown';
    const found = stored.state;
    if (found === 'open') {
      stored.state = 'settled';
      this.events.push(...events);
    }
    return found;
  }

  async releaseReservation(reservationId: string): Promise<ReservationState> {
    await yieldTurn();
    const stored = this.reservations.get(reservationId);
    if (!stored) return 'unknown';
    const found = stored.state;
    if (found === 'open') stored.state = 'released';
    return found;
  }

  private measureNow(limits: readonly BudgetLimit[], now: number): LimitUsage[] {
    const open = [...this.reservations.values()]
      .filter((r) => r.state === 'open' && r.request.expiresAt > now)
      .map((r) => r.request);
    return limits.map((limit) => ({
      key: limit.key,
      used: this.events
        .filter((e) => matchesUsageFilter(e, limit))
        .reduce((sum, e) => sum.plus(eventMetric(e, limit)), new Decimal(0)),
      reserved: open
        .filter((r) => matchesUsageFilter({ ...r, timestamp: now }, { ...limit, since: undefined }))
        .reduce((sum, r) => sum.plus(metricOf(r.amount, limit.metric)), new Decimal(0)),
    }));
  }
}

function exceeds(limit: BudgetLimit, usage: LimitUsage, amount: UsageAmount): boolean {
  return (
    limit.enforce &&
    usage.used.plus(usage.reserved).plus(metricOf(amount, limit.metric)).greaterThan(limit.max)
  );
}

function eventMetric(event: LedgerEvent, limit: BudgetLimit): Decimal.Value {
  switch (limit.metric) {
    case 'tokens':
      return event.totalTokens;
    case 'cost':
      return event.cost;
    case 'requests':
      return event.type === LedgerEventType.MODEL_USAGE ? 1 : 0;
    case 'toolCalls':
      return event.type === LedgerEventType.TOOL_USAGE ? 1 : 0;
  }
}

function assertEvent(event: LedgerEvent): LedgerEvent {
  if (event instanceof LedgerEvent) return event;
  throw new ValidationError({ field: 'event', message: 'event: must be a LedgerEvent' });
}

/** Lets other callers interleave at the operation boundary, the way a database round-trip would. */
function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
