import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerEvent } from './ledger-event';
import { LedgerEventType } from './ledger-event-type';
import { addEventToUsage, emptyUsage } from './usage-record';
import { UsageSeries } from './usage-series';
import { dayStart, minuteStart, monthStart } from './windows';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const DAY = 86_400_000;

function event(eventId: string, timestamp: number, tokens = 1): LedgerEvent {
  return new LedgerEvent({
    eventId,
    type: LedgerEventType.MODEL_USAGE,
    timestamp,
    scopeId: 's',
    inputTokens: tokens,
    cost: `0.00${tokens}`,
  });
}

const show = (usage: ReturnType<UsageSeries['usage']>) => ({ ...usage, cost: usage.cost.toString() });

function summed(events: readonly LedgerEvent[], since?: number, until?: number) {
  const inWindow = events.filter(
    (e) => (since === undefined || e.timestamp >= since) && (until === undefined || e.timestamp < until),
  );
  return show(inWindow.reduce(addEventToUsage, emptyUsage()));
}

describe('UsageSeries', () => {
  it('sums a window exactly, including after an earlier-stamped insert', () => {
    const series = new UsageSeries({ events: 100 });
    series.add(event('a', T0 + 10, 1));
    series.add(event('b', T0 + 30, 2));
    series.add(event('c', T0 + 20, 4));
    expect(show(series.usage())).toMatchObject({ totalTokens: 7, cost: '0.007', requests: 3 });
    expect(show(series.usage(T0 + 20))).toMatchObject({ totalTokens: 6, cost: '0.006', requests: 2 });
    expect(show(series.usage(T0 + 11, T0 + 30))).toMatchObject({ totalTokens: 4, requests: 1 });
    expect(show(series.usage(T0 + 31))).toEqual(show(emptyUsage()));
  });

  it('agrees with summing the events one by one, for any insertion order and window, while they are kept', () => {
    const stamp = fc.integer({ min: 0, max: 20 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stamp, fc.integer({ min: 0, max: 9 })), { maxLength: 40 }),
        fc.option(stamp, { nil: undefined }),
        fc.option(stamp, { nil: undefined }),
        (items, since, until) => {
          const series = new UsageSeries({ events: 40 });
          const events = items.map(([t, tokens], i) => event(`e${i}`, T0 + t, tokens));
          for (const e of events) series.add(e);
          const from = since === undefined ? undefined : T0 + since;
          const to = until === undefined ? undefined : T0 + until;
          expect(show(series.usage(from, to))).toEqual(summed(events, from, to));
        },
      ),
    );
  });

  it('keeps minute, day, month and all-time windows exact after rolling events up, in any order', () => {
    // over 40 days, so minutes roll into days as well as events into minutes
    const stamp = fc.integer({ min: 0, max: 40 * DAY });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stamp, fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 300 }),
        stamp,
        (items, nowOffset) => {
          const series = new UsageSeries({ events: 3, minutes: 4 });
          const events = items.map(([t, tokens], i) => event(`e${i}`, T0 + t, tokens));
          for (const e of events) series.add(e);
          const now = T0 + nowOffset;
          for (const since of [undefined, dayStart(now), monthStart(now)])
            expect(show(series.usage(since))).toEqual(summed(events, since));
          const newest = Math.max(...events.map((e) => e.timestamp));
          expect(show(series.usage(minuteStart(newest)))).toEqual(summed(events, minuteStart(newest)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a bounded number of entries however many events it is given', () => {
    const series = new UsageSeries({ events: 10, minutes: 10 });
    const events = Array.from({ length: 30 * 144 }, (_, i) => event(`e${i}`, T0 + i * 10 * MINUTE));
    for (const e of events) series.add(e);
    const entries = (series as unknown as { entries: unknown[] }).entries.length;
    // at most 2 × 10 single events, the newest day's 144 minutes plus 2 × 10 older ones, and 30 days
    expect(entries).toBeLessThanOrEqual(20 + 144 + 20 + 30);
    const newest = events.at(-1)!.timestamp;
    for (const since of [undefined, T0 + 7 * DAY, dayStart(newest), minuteStart(newest), newest])
      expect(show(series.usage(since))).toEqual(summed(events, since));
  });
});
