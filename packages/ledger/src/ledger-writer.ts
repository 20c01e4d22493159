import type { Budget } from './budget';
import type { BudgetLimit, LimitUsage, UsageAmount } from './budget-limit';
import type { BudgetKey, BudgetStore } from './budget-store';
import type { LedgerEvent } from './ledger-event';
import type { LedgerEventType } from './ledger-event-type';
import type { UsageRecord } from './usage-record';

/** Which events to sum. `since` is inclusive and `until` exclusive (epoch ms). */
export interface UsageFilter {
  scopeId?: string;
  principalId?: string;
  /** Only usage of this session (e.g. a session's daily total with `since: dayStart(now)`). */
  sessionId?: string;
  jobId?: string;
  since?: number;
  until?: number;
}

/** Which events to list, oldest first; `limit` keeps the first `limit`. */
export interface LedgerEventFilter extends UsageFilter {
  eventType?: LedgerEventType;
  limit?: number;
}

/** A request to hold `amount` of headroom under `limits` until the reservation is settled, released or expires. */
export interface ReservationRequest {
  readonly reservationId: string;
  readonly scopeId: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly jobId?: string;
  readonly amount: UsageAmount;
  /** Every limit has `scopeId === request.scopeId` (a store may lock per scope). */
  readonly limits: readonly BudgetLimit[];
  /** The caller's clock time, epoch ms: reservations with `expiresAt <= now` do not count. */
  readonly now: number;
  readonly expiresAt: number;
  /**
   * The budgets `limits` were derived from, as the caller last saw them: sent only to a writer with a
   * `budgetStore`, which stores the reservation only if that store's `applicable(identity)` still equals
   * `expected` (compared in the reservation's own atomic step).
   */
  readonly budgets?: ExpectedBudgets;
}

/** What a caller believes `budgetStore.applicable(identity)` returns now. */
export interface ExpectedBudgets {
  readonly identity: BudgetKey;
  readonly expected: readonly Budget[];
}

export interface ReservationOutcome {
  /** False when a hard limit would be exceeded; nothing was stored then. */
  readonly reserved: boolean;
  /** The measurement of every limit of the request, taken inside the same atomic step. */
  readonly usage: readonly LimitUsage[];
  /**
   * The store's current budgets for `request.budgets.identity`, present only when they differ from the
   * expected ones: then nothing was stored (`reserved: false`) and `usage` may be empty.
   */
  readonly budgets?: readonly Budget[];
  /**
   * The usage recorded for `request.jobId` (events only, as `getUsage({ jobId })`), read in the same step; a
   * writer may leave it out (the kernel then reads it).
   */
  readonly jobUsage?: UsageRecord;
}

/** A reservation's state before a settle/release call; `unknown` = no such reservation. */
export type ReservationState = 'open' | 'settled' | 'released' | 'unknown';

/**
 * Where ledger events are stored, and the atomic primitives budgets need.
 *
 * Events: `write` appends; `getUsage` sums (see UsageRecord); `listEvents` lists oldest first
 * (by timestamp, then write order).
 *
 * Reservations: a reservation holds `amount` of every metric against every limit whose filter it matches
 * (same scopeId, and principalId/sessionId/jobId when the limit sets them), while it is `open` and `expiresAt > now`.
 * The store must make these atomic against each other for one scope (a SQL store: one transaction that
 * first takes `pg_advisory_xact_lock(hashtext(scopeId))`, or SERIALIZABLE with retry):
 *
 * - `reserve(request)`: for each limit, measure `used` (matching events with `timestamp >= since`) and
 *   `reserved` (matching open reservations with `expiresAt > request.now`). If for any limit with
 *   `enforce` `used + reserved + amount[metric] > max`, store nothing and return `{ reserved: false }`;
 *   otherwise store the reservation as `open` and return `{ reserved: true }`. Both return every measurement.
 * - `measure(limits, now)`: the same measurement, storing nothing (a plain read is fine).
 * - `settleReservation(id, events)`: if the reservation is `open` (expired or not), mark it `settled` and
 *   append `events` in the same transaction, so usage moves from reserved to used with no gap and no
 *   double count. In any other state append nothing. Returns the state it found.
 * - `releaseReservation(id)`: if `open`, mark it `released`. Returns the state it found.
 * - With a `budgetStore` and `request.budgets`: before all of the above, if `budgetStore.applicable(identity)`
 *   is not `expected` (same budgets, same order), store nothing and return them as `outcome.budgets`.
 */
export interface LedgerWriter {
  /**
   * The BudgetStore whose budgets `reserve` checks against `request.budgets` in the same statement, so a
   * Ledger on this store reads no budgets of its own per reservation (absent: the writer checks none).
   */
  readonly budgetStore?: BudgetStore;
  write(event: LedgerEvent): Promise<void>;
  getUsage(filter?: UsageFilter): Promise<UsageRecord>;
  listEvents(filter?: LedgerEventFilter): Promise<LedgerEvent[]>;
  reserve(request: ReservationRequest): Promise<ReservationOutcome>;
  measure(limits: readonly BudgetLimit[], now: number): Promise<LimitUsage[]>;
  settleReservation(reservationId: string, events: readonly LedgerEvent[]): Promise<ReservationState>;
  releaseReservation(reservationId: string): Promise<ReservationState>;
}
