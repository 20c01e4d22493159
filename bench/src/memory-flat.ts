import type { Benchmark } from './benchmark';
import { heapUsedMb, type Row } from './harness';
import { kernelInMemory } from './kernel-overhead/kernel-in-memory';

interface Plan {
  /** Jobs at the first heap reading; the second reading is after `jobs`. */
  checkpoint: number;
  jobs: number;
}

function planFor(smoke: boolean): Plan {
  if (smoke) return { checkpoint: 20, jobs: 100 };
  const jobs = Number(process.env.BENCH_MEMORY_JOBS ?? 100_000);
  return { checkpoint: Math.round(jobs / 10), jobs };
}

const mb = (value: number) => Number(value.toFixed(1));

/**
 * One in-memory kernel with every default (stores, ledger, event log) runs the kernel-overhead job again
 * and again; the heap it retains is read (after a forced full GC) at `checkpoint` jobs and at `jobs`.
 */
export const memoryFlat: Benchmark = {
  name: 'memory-flat',
  async run({ smoke }) {
    const plan = planFor(smoke);
    const before = heapUsedMb();
    const running = await kernelInMemory.setup();
    const rows: Row[] = [];
    try {
      let done = 0;
      let first: number | undefined;
      for (const target of [plan.checkpoint, plan.jobs]) {
        const started = performance.now();
        const from = done;
        for (; done < target; done++) await running.runJob();
        const retained = heapUsedMb() - before;
        first ??= retained;
        rows.push({
          jobs: target,
          'jobs/s over the stretch': Math.round(((target - from) * 1000) / (performance.now() - started)),
          'heap retained, MB': mb(retained),
          [`vs ${plan.checkpoint.toLocaleString('en-US')} jobs`]: `${(retained / first).toFixed(2)}×`,
        });
        if (!smoke) console.error(`memory-flat: ${target} jobs, ${mb(retained)} MB`);
      }
    } finally {
      await running.close();
    }
    return {
      title: 'Memory: heap an in-memory kernel retains as jobs pile up (default retention)',
      rows,
      notes: [
        'One `RuntimeKernel.create` with in-memory defaults (job and action stores, ledger, event log) runs the ' +
          `kernel-overhead job ${plan.jobs.toLocaleString('en-US')} times one after another; heap = heap used ` +
          'after a forced full GC (`--expose-gc`) minus the heap before the kernel was set up.',
        'Flat means the second row within 1.10× of the first: the stores drop finished jobs, settled actions ' +
          'and old ledger detail by their `retention` defaults (1000 each), keeping budget windows exact.',
      ],
    };
  },
};
