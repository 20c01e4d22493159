import { Decimal, ValidationError } from '@agent-runtime/core';
import {
  type BudgetLimit,
  type LimitUsage,
  metricOf,
  type UsageAmount,
  type UsageMetric,
} from './budget-limit';
import { LedgerEvent } from './ledger-event';
import type {
  LedgerEventFilter,
  LedgerWriter,
  ReservationOutcome,
  ReservationRequest,
  ReservationState,
  UsageFilter,
} from './ledger-writer';
import { OpenReservations } from './open-reservations';
import { ledgerEventFilter, matchesUsageFilter, usageFilter } from './usage-filter';
import { indexedKeys, isIndexed, usageKey } from './usage-key';
import { addEventToUsage, emptyUsage, type UsageRecord } from './usage-record';
import { UsageSeries } from './usage-series';

interface StoredReservation {
  readonly request: ReservationRequest;
  state: Exclude<ReservationState, 'unknown'>;
}

/**
 * A LedgerWriter in process memory. Each operation runs its read-check-write without awaiting in between,
 * so concurrent async callers see it as atomic, as they would a database transaction.
 *
 * Events are indexed by scope, scope+principal, scope+job, scope+principal+job and job, each index keeping
 * running totals (see UsageSeries), and open reservations are grouped the same way: a budget check costs
 * a binary search per limit, not a pass over the history.
 */
export class InMemoryLedgerWriter implements LedgerWriter {
  private readonly series = new Map<string, UsageSeries>();
  private readonly reservations = new Map<string, StoredReservation>();
  private readonly open = new OpenReservations();

  async write(event: LedgerEvent): Promise<void> {
    await yieldTurn();
    this.append(assertEvent(event));
  }

  async getUsage(filter?: UsageFilter): Promise<UsageRecord> {
    const parsed = usageFilter(filter);
    await yieldTurn();
    if (isIndexed(parsed)) return this.seriesAt(usageKey(parsed)).usage(parsed.since, parsed.until);
    return this.scan(parsed).reduce(addEventToUsage, emptyUsage());
  }

  async listEvents(filter?: LedgerEventFilter): Promise<LedgerEvent[]> {
    const parsed = ledgerEventFilter(filter);
    await yieldTurn();
    const inWindow = isIndexed(parsed)
      ? this.seriesAt(usageKey(parsed)).eventsBetween(parsed.since, parsed.until)
      : this.scan(parsed);
    const matching =
      parsed.eventType === undefined ? inWindow : inWindow.filter((e) => e.type === parsed.eventType);
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
    if (!refused) {
      this.reservations.set(request.reservationId, { request, state: 'open' });
      this.open.add(request);
    }
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
      this.close(stored, 'settled');
      for (const event of events) this.append(event);
    }
    return found;
  }

  async releaseReservation(reservationId: string): Promise<ReservationState> {
    await yieldTurn();
    const stored = this.reservations.get(reservationId);
    if (!stored) return 'unknown';
    const found = stored.state;
    if (found === 'open') this.close(stored, 'released');
    return found;
  }

  private measureNow(limits: readonly BudgetLimit[], now: number): LimitUsage[] {
    return limits.map((limit) => ({
      key: limit.key,
      used: usageMetric(this.seriesAt(usageKey(limit)).usage(limit.since), limit.metric),
      reserved: this.open.heldUnder(limit, now),
    }));
  }

  private append(event: LedgerEvent): void {
    for (const key of indexedKeys(event)) {
      const series = this.series.get(key) ?? new UsageSeries();
      series.add(event);
      this.series.set(key, series);
    }
  }

  private close(stored: StoredReservation, state: 'settled' | 'released'): void {
    stored.state = state;
    this.open.delete(stored.request);
  }

  private seriesAt(key: string): UsageSeries {
    return this.series.get(key) ?? EMPTY_SERIES;
  }

  /** Filters the index has no key for (a principal without a scope): scan the job's events, or all of them. */
  private scan(filter: UsageFilter): LedgerEvent[] {
    const base = this.seriesAt(usageKey(filter.jobId === undefined ? {} : { jobId: filter.jobId }));
    return base.eventsBetween(filter.since, filter.until).filter((e) => matchesUsageFilter(e, filter));
  }
}

const EMPTY_SERIES = new UsageSeries();

function exceeds(limit: BudgetLimit, usage: LimitUsage, amount: UsageAmount): boolean {
  return (
    limit.enforce &&
    usage.used.plus(usage.reserved).plus(metricOf(amount, limit.metric)).greaterThan(limit.max)
  );
}

function usageMetric(usage: UsageRecord, metric: UsageMetric): Decimal {
  switch (metric) {
    case 'tokens':
      return new Decimal(usage.totalTokens);
    case 'cost':
      return usage.cost;
    case 'requests':
      return new Decimal(usage.requests);
    case 'toolCalls':
      return new Decimal(usage.toolCalls);
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
