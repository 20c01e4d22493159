import { Decimal } from '@agent-runtime/core';
import { type BudgetLimit, metricOf } from './budget-limit';
import type { ReservationRequest } from './ledger-writer';
import { indexedKeys, usageKey } from './usage-key';

/** The open reservations, grouped by every usage key a limit can pin, so a limit reads only its own. */
export class OpenReservations {
  private readonly byKey = new Map<string, Set<ReservationRequest>>();

  add(request: ReservationRequest): void {
    for (const key of indexedKeys(request)) {
      const group = this.byKey.get(key) ?? new Set();
      this.byKey.set(key, group.add(request));
    }
  }

  delete(request: ReservationRequest): void {
    for (const key of indexedKeys(request)) {
      const group = this.byKey.get(key);
      group?.delete(request);
      if (group?.size === 0) this.byKey.delete(key);
    }
  }

  /** Whether an open reservation is indexed under `key` (expired or not). */
  holdsAny(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The limit's metric summed over the open reservations it covers that have not expired at `now`. */
  heldUnder(limit: BudgetLimit, now: number): Decimal {
    const group = this.byKey.get(usageKey(limit)) ?? new Set<ReservationRequest>();
    let held = new Decimal(0);
    for (const request of group)
      if (request.expiresAt > now) held = held.plus(metricOf(request.amount, limit.metric));
    return held;
  }
}
