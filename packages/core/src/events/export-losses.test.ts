import { describe, expect, it } from 'vitest';
import { ExportLosses } from './export-losses';

describe('ExportLosses', () => {
  it('counts every loss and reports each reason once per outage', () => {
    const reports: string[] = [];
    const losses = new ExportLosses((message) => reports.push(message));
    losses.add(3, 'buffer full');
    losses.add(2, 'buffer full');
    losses.add(1, 'refused');
    expect(losses.count).toBe(6);
    expect(reports).toEqual([
      '3 events dropped: buffer full (counted in stats.dropped; reported once per outage)',
      '1 events dropped: refused (counted in stats.dropped; reported once per outage)',
    ]);
    losses.end('buffer full');
    losses.add(0, 'buffer full');
    expect(reports).toHaveLength(2);
    losses.add(4, 'buffer full');
    expect(reports).toHaveLength(3);
    losses.add(2); // reported by the caller
    expect(reports).toHaveLength(3);
    expect(losses.count).toBe(12);
  });

  it("adds the bus's drops for the subscription since the last look, one report per run of drops", () => {
    const reports: string[] = [];
    const losses = new ExportLosses((message) => reports.push(message));
    const subscription = { id: 's', dropped: 0, unsubscribe: async () => {} };
    losses.checkBus(subscription);
    subscription.dropped = 4;
    losses.checkBus(subscription);
    subscription.dropped = 6;
    losses.checkBus(subscription);
    expect(reports).toHaveLength(1);
    losses.checkBus(subscription); // no new drop: that outage is over
    subscription.dropped = 7;
    losses.checkBus(subscription);
    losses.checkBus(undefined);
    expect(losses.count).toBe(7);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatch(/^4 events dropped: the bus queue of this exporter was full/);
  });
});
