import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { UsageWindow } from '../api-types';

/** Tokens (bars, left axis) and cost in USD (line, right axis) per day, with uPlot. */
export function UsageChart({ daily }: { daily: UsageWindow[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const data: uPlot.AlignedData = [
      daily.map((w) => w.since / 1000),
      daily.map((w) => w.usage.totalTokens),
      daily.map((w) => Number(w.usage.cost)),
    ];
    const plot = new uPlot(
      {
        width: Math.min(host.current.clientWidth || 720, 900),
        height: 280,
        scales: { x: { time: true }, cost: { auto: true } },
        series: [
          {},
          {
            label: 'tokens',
            stroke: '#2563eb',
            fill: 'rgba(37, 99, 235, 0.25)',
            paths: uPlot.paths.bars?.({ size: [0.6, 60] }),
          },
          {
            label: 'cost (USD)',
            stroke: '#d97706',
            width: 2,
            scale: 'cost',
            value: (_u, v) => v?.toFixed(6) ?? '',
          },
        ],
        axes: [
          {},
          { label: 'tokens' },
          {
            side: 1,
            scale: 'cost',
            label: 'USD',
            size: 80,
            grid: { show: false },
            values: (_u, splits) => splits.map((v) => (v === 0 ? '0' : v.toPrecision(2))),
          },
        ],
      },
      data,
      host.current,
    );
    return () => plot.destroy();
  }, [daily]);
  const tokens = daily.reduce((sum, w) => sum + w.usage.totalTokens, 0);
  return <div class="usage-chart" data-tokens={tokens} ref={host} />;
}
