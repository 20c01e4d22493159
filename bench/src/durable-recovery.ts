import pg from 'pg';
import type { Benchmark } from './benchmark';
import { leaseCost } from './durable-recovery/lease-cost';
import { type DurableConfig, POSTGRES_URL } from './durable-recovery/postgres-kernel';
import { recoveryLatency } from './durable-recovery/recovery-latency';
import { percentile, type Row } from './harness';

const ms = (value: number) => Number(value.toFixed(2));

function row(measure: string, samples: number[], versus?: number[]): Row {
  const p50 = percentile(samples, 0.5);
  return {
    measure,
    n: samples.length,
    'p50 ms': ms(p50),
    'p99 ms': ms(percentile(samples, 0.99)),
    'p50 vs without': versus === undefined ? '-' : `${(p50 / percentile(versus, 0.5)).toFixed(2)}×`,
  };
}

async function dropSchema(schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}

/**
 * Durable jobs on PostgreSQL: how soon a started kernel resumes the job of a SIGKILLed process (lease 2 s,
 * heartbeat 0.5 s, sweep every 1 s), and what leases and fencing cost per step.
 */
export const durableRecovery: Benchmark = {
  name: 'durable-recovery',
  async run({ smoke }) {
    const config: DurableConfig = {
      schema: `bench_durable_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`,
      leaseSeconds: 2,
      heartbeatSeconds: 0.5,
      sweepIntervalSeconds: 1,
    };
    try {
      const recoveries = await recoveryLatency(config, smoke ? 1 : 20);
      const cost = await leaseCost(config, smoke ? { jobs: 3, steps: 3 } : { jobs: 50, steps: 10 });
      return {
        title: 'Durable jobs: recovery after SIGKILL, and the cost of leases and fencing (PostgreSQL)',
        rows: [
          row(
            'lease expiry → resumed step 2 (SIGKILLed child process)',
            recoveries.map((s) => s.afterLeaseExpiryMs),
          ),
          row(
            'SIGKILL → resumed step 2',
            recoveries.map((s) => s.afterKillMs),
          ),
          row('one tool step’s job writes, no lease (unfenced JobManager)', cost.unfencedStep),
          row('one tool step’s job writes, leased + fenced', cost.fencedStep, cost.unfencedStep),
          row('job start, no lease', cost.unleasedStart),
          row(
            'job start with a lease (+ renewal by the database clock)',
            cost.leasedStart,
            cost.unleasedStart,
          ),
          row('heartbeat: one renewLease', cost.heartbeat),
          row('kernel on PostgreSQL, as shipped: one model step of a job', cost.kernelStep),
        ],
        notes: [
          'Recovery: each trial spawns a kernel process (tsx) on the shared stores (lease 2 s, heartbeat 0.5 s), kills its process group with SIGKILL while its model streams step 2, and times the model call of step 2 in this process’s started kernel (same settings, sweep every 1 s ± 20 % jitter). Lease expiry is the killed lease’s `lease_expires_at` (database clock, same host). The resumed jobs end after 2 turns: step 1 was not called again.',
          'Leases and fencing: the kernel has no switch to run without them, so the comparison is one level down, on the calls the kernel makes per tool step (liveness read, two tool-journal checkpoints, the step checkpoint, progress) through a JobManager without a lease owner and one with, alternating job by job on one PostgresJobStore. Fencing checks the lease owner of the record each write reads anyway (its write is conditional on the version), so it adds no query; a lease adds one renewal at start and one per heartbeat (every `heartbeatSeconds` per running job, not per step). A renewal bumps the job’s version, so a step write whose read and update straddle a heartbeat retries once: the kernel row includes that, the JobManager rows do not.',
        ],
      };
    } finally {
      await dropSchema(config.schema);
    }
  },
};
