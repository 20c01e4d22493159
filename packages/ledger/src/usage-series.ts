import type { LedgerEvent } from './ledger-event';
import { addEventToUsage, emptyUsage, subtractUsage, type UsageRecord } from './usage-record';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** How much detail a UsageSeries keeps before rolling its oldest entries up. */
export interface UsageSeriesLimits {
  /** Events kept one by one (windows are exact to the millisecond over them). */
  readonly events: number;
  /**
   * Per-minute roll-ups kept before the oldest are rolled into per-day ones (the newest day's minutes always
   * stay). @default 2880 (two days' worth)
   */
  readonly minutes?: number;
}

/**
 * One usage entry covering `[at, until)`: a single event (`until = at + 1`), or a minute or a UTC day rolled up.
 * `total` is the usage of this entry and every entry before it.
 */
interface Entry {
  at: number;
  until: number;
  total: UsageRecord;
}

/**
 * Usage totals ordered by timestamp, with running totals, so the usage in any window is two binary searches
 * and one subtraction. Bounded: beyond `limits.events` single events the oldest are rolled up into per-minute
 * entries, and beyond `limits.minutes` minutes the oldest (never the newest day's) into per-UTC-day entries.
 * Windows whose bounds are day starts (daily, monthly budgets) stay exact forever, minute starts for as long
 * as their minute is kept (always within the newest day), and any millisecond over the events still kept one
 * by one; a bound inside a rolled-up entry counts that whole entry as before the bound.
 */
export class UsageSeries {
  private readonly entries: Entry[] = [];
  private singles = 0;
  private minutes = 0;
  private readonly maxMinutes: number;

  constructor(private readonly limits: UsageSeriesLimits) {
    this.maxMinutes = limits.minutes ?? 2 * 1440;
  }

  add(event: LedgerEvent): void {
    const at = this.firstStartingAfter(event.timestamp);
    const before = this.entries[at - 1];
    if (before !== undefined && event.timestamp < before.until && isRollUp(before)) {
      this.addFrom(at - 1, event);
    } else {
      const total = addEventToUsage(before?.total ?? emptyUsage(), event);
      this.entries.splice(at, 0, { at: event.timestamp, until: event.timestamp + 1, total });
      this.addFrom(at + 1, event);
      this.singles++;
    }
    if (this.singles > 2 * this.limits.events) this.rollUpSingles();
    if (this.minutes > 2 * this.maxMinutes) this.rollUpMinutes();
  }

  /** Usage of the events with `since <= timestamp < until` (either bound optional). */
  usage(since?: number, until?: number): UsageRecord {
    const end = until === undefined ? this.entries.length : this.firstStartingAt(until);
    const start = since === undefined ? 0 : this.firstStartingAt(since);
    if (end <= start) return emptyUsage();
    return subtractUsage(this.totalBefore(end), this.totalBefore(start));
  }

  /** Whether the series holds nothing. */
  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Adds `event` to the running totals from entry `index` on (the entries stamped after it). */
  private addFrom(index: number, event: LedgerEvent): void {
    for (let i = index; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      entry.total = addEventToUsage(entry.total, event);
    }
  }

  /** Rolls the oldest single events into their minutes until `limits.events` singles are left. */
  private rollUpSingles(): void {
    let excess = this.singles - this.limits.events;
    this.rebuild((entry) => {
      if (excess <= 0 || isRollUp(entry)) return undefined;
      excess--;
      return floorTo(entry.at, MINUTE_MS);
    }, MINUTE_MS);
  }

  /**
   * Rolls the oldest minutes into their UTC days until `limits.minutes` minutes are left, never the minutes
   * of the newest entry's day (its minute windows stay exact).
   */
  private rollUpMinutes(): void {
    let excess = this.minutes - this.maxMinutes;
    const newestDay = floorTo(this.entries.at(-1)!.at, DAY_MS);
    this.rebuild((entry) => {
      if (excess <= 0 || entry.until - entry.at !== MINUTE_MS || entry.at >= newestDay) return undefined;
      excess--;
      return floorTo(entry.at, DAY_MS);
    }, DAY_MS);
  }

  /**
   * One pass that replaces each entry `bucketOf` maps to a bucket start (and the entries after it inside
   * the same bucket) by one entry for the bucket. Running totals need no change: a merged entry takes the
   * total of the last entry it covers.
   */
  private rebuild(bucketOf: (entry: Entry) => number | undefined, size: number): void {
    const kept: Entry[] = [];
    for (const entry of this.entries) {
      const last = kept.at(-1);
      if (last !== undefined && last.until - last.at === size && entry.at < last.until) {
        last.total = entry.total;
        continue;
      }
      const bucket = bucketOf(entry);
      if (bucket === undefined) {
        kept.push(entry);
        continue;
      }
      // entries kept just before that start inside the new bucket (stamped out of order) join it
      while ((kept.at(-1)?.at ?? Number.NEGATIVE_INFINITY) >= bucket) kept.pop();
      kept.push({ at: bucket, until: bucket + size, total: entry.total });
    }
    this.entries.splice(0, this.entries.length, ...kept);
    this.recount();
  }

  private recount(): void {
    this.singles = 0;
    this.minutes = 0;
    for (const entry of this.entries) {
      if (!isRollUp(entry)) this.singles++;
      else if (entry.until - entry.at === MINUTE_MS) this.minutes++;
    }
  }

  private totalBefore(count: number): UsageRecord {
    return this.entries[count - 1]?.total ?? emptyUsage();
  }

  /** How many entries start before `time`. */
  private firstStartingAt(time: number): number {
    return this.search((at) => at < time);
  }

  /** How many entries start at or before `time` (a new event goes after those stamped the same). */
  private firstStartingAfter(time: number): number {
    return this.search((at) => at <= time);
  }

  /** The first index whose start fails `before` (starts are sorted, so `before` holds for a prefix). */
  private search(before: (at: number) => boolean): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before(this.entries[mid]!.at)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function isRollUp(entry: Entry): boolean {
  return entry.until - entry.at > 1;
}

function floorTo(time: number, size: number): number {
  return time - (((time % size) + size) % size);
}
