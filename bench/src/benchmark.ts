import type { Row } from './harness';

export interface BenchmarkResult {
  title: string;
  rows: Row[];
  notes?: string[];
}

/** One benchmark: `smoke` runs must finish in seconds (CI runs only those). */
export interface Benchmark {
  name: string;
  run(options: { smoke: boolean }): Promise<BenchmarkResult>;
}
