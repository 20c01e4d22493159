import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerEvent } from './ledger-event';
import { LedgerEventType } from './ledger-event-type';
import { addEventToUsage, emptyUsage } from './usage-record';
import { UsageSeries } from './usage-series';

const T0 = Date.UTC(2026, 0, 1);

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

describe('UsageSeries', () => {
  it('keeps timestamp order, then insertion order, for events written out of order', () => {
    const series = new UsageSeries();
    for (const [id, t] of [
      ['c', 3],
      ['a', 1],
      ['b1', 2],
      ['d', 4],
      ['b2', 2],
    ] as const)
      series.add(event(id, T0 + t));
    expect(series.eventsBetween().map((e) => e.eventId)).toEqual(['a', 'b1', 'b2', 'c', 'd']);
    expect(series.eventsBetween(T0 + 2, T0 + 4).map((e) => e.eventId)).toEqual(['b1', 'b2', 'c']);
  });

  it('sums a window exactly, including after an earlier-stamped insert', () => {
    const series = new UsageSeries();
    series.add(event('a', T0 + 10, 1));
    series.add(event('b', T0 + 30, 2));
    series.add(event('c', T0 + 20, 4));
    expect(show(series.usage())).toMatchObject({ totalTokens: 7, cost: '0.007', requests: 3 });
    expect(show(series.usage(T0 + 20))).toMatchObject({ totalTokens: 6, cost: '0.006', requests: 2 });
    expect(show(series.usage(T0 + 11, T0 + 30))).toMatchObject({ totalTokens: 4, requests: 1 });
    expect(show(series.usage(T0 + 31))).toEqual(show(emptyUsage()));
  });

  it('agrees with summing the events one by one, for any insertion order and window', () => {
    const stamp = fc.integer({ min: 0, max: 20 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stamp, fc.integer({ min: 0, max: 9 })), { maxLength: 40 }),
        fc.option(stamp, { nil: undefined }),
        fc.option(stamp, { nil: undefined }),
        (items, since, until) => {
          const series = new UsageSeries();
          const events = items.map(([t, tokens], i) => event(`e${i}`, T0 + t, tokens));
          for (const e of events) series.add(e);
          const inWindow = events
            .filter(
              (e) =>
                (since === undefined || e.timestamp >= T0 + since) &&
                (until === undefined || e.timestamp < T0 + until),
            )
            .sort((a, b) => a.timestamp - b.timestamp);
          const from = since === undefined ? undefined : T0 + since;
          const to = until === undefined ? undefined : T0 + until;
          expect(series.eventsBetween(from, to)).toEqual(inWindow);
          expect(show(series.usage(from, to))).toEqual(show(inWindow.reduce(addEventToUsage, emptyUsage())));
        },
      ),
    );
  });
});
