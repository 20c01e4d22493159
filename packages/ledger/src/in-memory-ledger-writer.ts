import { Decimal, parseInput, ValidationError } from '@agent-runtime/core';
import {
  type BudgetLimit,
  type LimitUsage,
  metricOf,
  type UsageAmount,
  type UsageMetric,
} from './budget-limit';
import { LedgerEvent } from './ledger-event';
import { type LedgerRetention, ledgerRetentionSchema } from './ledger-retention';
import type {
  LedgerEventFilter,
  LedgerWriter,
  ReservationOutcome,
  ReservationRequest,
  ReservationState,
  UsageFilter,
} from './ledger-writer';
import { OpenReservations } from './open-reservations';
import { RecentEvents } from './recent-events';
import { ledgerEventFilter, matchesUsageFilter, usageFilter } from './usage-filter';
import { indexedKeys, isIndexed, jobIndexedKeys, usageKey } from './usage-key';
import { addEventToUsage, emptyUsage, type UsageRecord } from './usage-record';
import { UsageSeries } from './usage-series';

export interface InMemoryLedgerWriterOptions {
  /** How many events, jobs and closed reservations stay in detail (usage totals stay exact, see LedgerRetention). */
  retention?: LedgerRetention;
}

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
 * a binary search per limit, not a pass over the history. Memory stays bounded (see `retention`): old
 * events live on in per-minute and per-day roll-ups, and the usage of long-finished jobs is dropped.
 */
export class InMemoryLedgerWriter implements LedgerWriter {
  private readonly series = new Map<string, UsageSeries>();
  private readonly reservations = new Map<string, StoredReservation>();
  /** Settled and released reservation ids, the earliest closed first. */
  private readonly closed = new Set<string>();
  private readonly open = new OpenReservations();
  private readonly recent: RecentEvents;
  /** The jobs with usage of their own, least recently written first, each with its usage keys. */
  private readonly jobKeys = new Map<string, string[]>();
  private readonly retention: Required<LedgerRetention>;

  constructor(options: InMemoryLedgerWriterOptions = {}) {
    this.retention = parseInput(ledgerRetentionSchema, options.retention, 'options.retention');
    this.recent = new RecentEvents(this.retention.events);
  }

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
    const matching = this.recent.between(
      parsed.since,
      parsed.until,
      (e) => matchesUsageFilter(e, parsed) && (parsed.eventType === undefined || e.type === parsed.eventType),
    );
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
    const keys = indexedKeys(event);
    for (const key of keys) {
      let series = this.series.get(key);
      if (!series) {
        series = new UsageSeries({ events: this.retention.events });
        this.series.set(key, series);
      }
      series.add(event);
    }
    this.recent.add(event);
    if (event.jobId !== undefined) this.noteJob(event.jobId, jobIndexedKeys(event, event.jobId));
  }

  /** Marks the job most recently written, and drops the usage of the least recent beyond `retention.jobs`. */
  private noteJob(jobId: string, keys: readonly string[]): void {
    const known = this.jobKeys.get(jobId) ?? [];
    this.jobKeys.delete(jobId);
    this.jobKeys.set(jobId, known);
    for (const key of keys) if (!known.includes(key)) known.push(key);
    let excess = this.jobKeys.size - this.retention.jobs;
    for (const [oldest, jobSeries] of this.jobKeys) {
      if (excess <= 0) break;
      if (this.open.holdsAny(usageKey({ jobId: oldest }))) continue;
      for (const key of jobSeries) this.series.delete(key);
      this.jobKeys.delete(oldest);
      excess--;
    }
  }

  private close(stored: StoredReservation, state: 'settled' | 'released'): void {
    stored.state = state;
    this.open.delete(stored.request);
    this.closed.add(stored.request.reservationId);
    for (const id of this.closed) {
      if (this.closed.size <= this.retention.events) break;
      this.closed.delete(id);
      this.reservations.delete(id);
    }
  }

  private seriesAt(key: string): UsageSeries {
    return this.series.get(key) ?? EMPTY_SERIES;
  }

  /** Filters the index has no key for (a principal without a scope): scan the events kept one by one. */
  private scan(filter: UsageFilter): LedgerEvent[] {
    return this.recent.between(filter.since, filter.until, (e) => matchesUsageFilter(e, filter));
  }
}

const EMPTY_SERIES = new UsageSeries({ events: 1 });

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
