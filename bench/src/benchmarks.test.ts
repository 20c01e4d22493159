import { describe, expect, it } from 'vitest';
import { benchmarks } from './benchmarks';
import { heapUsedMb, markdownTable, measure, percentile } from './harness';

describe('every benchmark in smoke mode', () => {
  it.each(benchmarks.map((b) => [b.name, b] as const))('%s returns rows', async (_name, benchmark) => {
    const result = await benchmark.run({ smoke: true });
    expect(result.title).not.toBe('');
    expect(result.rows.length).toBeGreaterThan(0);
    for (const row of result.rows) expect(Object.keys(row)).toEqual(Object.keys(result.rows[0]!));
    // Every peer runs here: a row that reports it could not run is a regression, not a result.
    for (const row of result.rows) expect(Object.values(row).join(' ')).not.toContain('could not run');
  });
});

describe('harness', () => {
  it('measure runs warm-up untimed and times each iteration', async () => {
    let calls = 0;
    const m = await measure(() => void calls++, { warmup: 2, iterations: 5 });
    expect(calls).toBe(7);
    expect(m.samples).toHaveLength(5);
    expect(m.p99Ms).toBeGreaterThanOrEqual(m.medianMs);
  });

  it('percentile is nearest-rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0.99)).toBe(5);
    expect(() => percentile([], 0.5)).toThrow();
  });

  it('markdownTable right-aligns numbers and formats them', () => {
    expect(markdownTable([{ case: 'a', 'events/s': 12345.6789 }])).toBe(
      '| case | events/s |\n| --- | ---: |\n| a | 12,345.679 |',
    );
    expect(markdownTable([])).toBe('');
  });

  it('heapUsedMb forces a GC, so garbage does not count and retained memory does', () => {
    let garbage: number[][] | undefined = Array.from({ length: 200 }, () => new Array(10_000).fill(1));
    const withGarbage = heapUsedMb();
    garbage = undefined;
    const collected = heapUsedMb();
    expect(garbage).toBeUndefined();
    expect(withGarbage - collected).toBeGreaterThan(10);
  });
});
