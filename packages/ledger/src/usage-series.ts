import type { LedgerEvent } from './ledger-event';
import { addEventToUsage, emptyUsage, subtractUsage, type UsageRecord } from './usage-record';

/**
 * Events ordered by timestamp (then insertion order) with running usage totals, so the usage in any
 * time window is two binary searches and one subtraction, however many events there are.
 */
export class UsageSeries {
  private readonly events: LedgerEvent[] = [];
  /** `totals[i]` is the usage of `events[0..i]`. */
  private readonly totals: UsageRecord[] = [];

  add(event: LedgerEvent): void {
    const last = this.events.at(-1);
    if (last === undefined || last.timestamp <= event.timestamp) {
      this.events.push(event);
      this.totals.push(addEventToUsage(this.totals.at(-1) ?? emptyUsage(), event));
      return;
    }
    this.insertEarlier(event);
  }

  /** Usage of the events with `since <= timestamp < until` (either bound optional). */
  usage(since?: number, until?: number): UsageRecord {
    const start = this.startOf(since);
    const end = this.endOf(until);
    return end <= start ? emptyUsage() : subtractUsage(this.usageBefore(end), this.usageBefore(start));
  }

  /** The events with `since <= timestamp < until`, oldest first. */
  eventsBetween(since?: number, until?: number): LedgerEvent[] {
    return this.events.slice(this.startOf(since), this.endOf(until));
  }

  /** An event stamped earlier than the newest one: slot it in and add it to every later running total. */
  private insertEarlier(event: LedgerEvent): void {
    const at = this.firstAfter(event.timestamp);
    this.events.splice(at, 0, event);
    this.totals.splice(at, 0, addEventToUsage(this.totals[at - 1] ?? emptyUsage(), event));
    for (let i = at + 1; i < this.totals.length; i++)
      this.totals[i] = addEventToUsage(this.totals[i]!, event);
  }

  /** The usage of the first `count` events. */
  private usageBefore(count: number): UsageRecord {
    return this.totals[count - 1] ?? emptyUsage();
  }

  /** How many events are stamped before `since`: none when there is no lower bound. */
  private startOf(since: number | undefined): number {
    return since === undefined ? 0 : this.countBefore(since);
  }

  /** How many events are stamped before `until`: all of them when there is no upper bound. */
  private endOf(until: number | undefined): number {
    return until === undefined ? this.events.length : this.countBefore(until);
  }

  private countBefore(time: number): number {
    return this.search((t) => t < time);
  }

  private firstAfter(time: number): number {
    return this.search((t) => t <= time);
  }

  /** The first index whose timestamp fails `before` (timestamps are sorted, so `before` holds for a prefix). */
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
