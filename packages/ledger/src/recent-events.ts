import type { LedgerEvent } from './ledger-event';

/** The newest `limit` ledger events, oldest first (by timestamp, then write order). */
export class RecentEvents {
  private readonly events: LedgerEvent[] = [];

  constructor(private readonly limit: number) {}

  add(event: LedgerEvent): void {
    const at = this.firstAfter(event.timestamp);
    if (at === this.events.length) this.events.push(event);
    else this.events.splice(at, 0, event);
    // dropping in batches keeps `add` O(1) amortized
    if (this.events.length > 2 * this.limit) this.events.splice(0, this.events.length - this.limit);
  }

  /** The kept events with `since <= timestamp < until` that pass `keep`. */
  between(
    since: number | undefined,
    until: number | undefined,
    keep: (e: LedgerEvent) => boolean,
  ): LedgerEvent[] {
    const first = Math.max(0, this.events.length - this.limit);
    const start = Math.max(first, since === undefined ? 0 : this.countBefore(since));
    const end = until === undefined ? this.events.length : this.countBefore(until);
    return this.events.slice(start, end).filter(keep);
  }

  private countBefore(time: number): number {
    return this.search((t) => t < time);
  }

  private firstAfter(time: number): number {
    return this.search((t) => t <= time);
  }

  private search(before: (timestamp: number) => boolean): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before(this.events[mid]!.timestamp)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
