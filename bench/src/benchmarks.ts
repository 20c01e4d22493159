import type { Benchmark } from './benchmark';
import { eventsThroughput } from './events-throughput';

/** Every benchmark `pnpm bench` knows, in the order they run. */
export const benchmarks: Benchmark[] = [eventsThroughput];
