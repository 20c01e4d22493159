import { actionWakeup } from './action-wakeup';
import type { Benchmark } from './benchmark';
import { durableRecovery } from './durable-recovery';
import { eventLog } from './event-log';
import { eventsThroughput } from './events-throughput';
import { kafkaExport } from './kafka-export';
import { kernelOverhead } from './kernel-overhead';
import { memoryFlat } from './memory-flat';
import { postgresLifecycle } from './postgres-lifecycle';
import { postgresRoundTrips } from './postgres-round-trips';
import { serverHttp } from './server-http';
import { workers } from './workers';

/** Every benchmark `pnpm bench` knows, in the order they run. */
export const benchmarks: Benchmark[] = [
  eventsThroughput,
  postgresLifecycle,
  actionWakeup,
  kernelOverhead,
  memoryFlat,
  kafkaExport,
  eventLog,
  postgresRoundTrips,
  serverHttp,
  durableRecovery,
  workers,
];
