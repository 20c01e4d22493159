import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface MeasureOptions {
  /** Untimed runs first, so the JIT and caches settle. */
  warmup: number;
  iterations: number;
}

export interface Measurement {
  /** Duration of each timed iteration, in ms. */
  samples: number[];
  medianMs: number;
  p99Ms: number;
  /** Iterations per second at the median. */
  opsPerSec: number;
}

/** Runs `fn` `warmup` times untimed, then `iterations` times timed. */
export async function measure(
  fn: () => unknown,
  { warmup, iterations }: MeasureOptions,
): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  const medianMs = percentile(samples, 0.5);
  return {
    samples,
    medianMs,
    p99Ms: percentile(samples, 0.99),
    opsPerSec: medianMs > 0 ? 1000 / medianMs : Infinity,
  };
}

/** The nearest-rank percentile `p` (0..1] of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

export type Row = Record<string, string | number>;

/** A Markdown table of `rows`, columns in the order of the first row's keys; numbers get thousands separators. */
export function markdownTable(rows: readonly Row[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!);
  const cell = (value: string | number | undefined) =>
    typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 3 }) : (value ?? '');
  const lines = [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map((_, i) => (typeof rows[0]![columns[i]!] === 'number' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((c) => cell(row[c])).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** Runs a full garbage collection: `global.gc` when node runs with `--expose-gc`, else enables it on the fly. */
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc ?? exposedGc();
  gc();
  gc();
}

function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Heap in use after a forced full GC, in MB. */
export function heapUsedMb(): number {
  forceGc();
  return process.memoryUsage().heapUsed / 1_048_576;
}
