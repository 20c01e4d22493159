import type { JobManager, JobRecord } from '@agent-runtime/jobs';
import type { ChildJobManager } from '@agent-runtime/orchestration';
import { operatorCheckpoint } from './operator-checkpoint';

/**
 * The leases of one operator run's jobs (its own and each child's), taken when a job starts or runs again after
 * an action, renewed by the kernel's heartbeat and dropped when the job ends. Every write to a running job of
 * the run is fenced on them, so a kernel that took a lapsed job over is never overwritten by this one.
 */
export class OperatorLeases {
  private readonly held = new Set<string>();

  constructor(
    private readonly jobs: JobManager,
    private readonly rootJobId: string,
    private readonly leaseSeconds: number,
  ) {}

  has(jobId: string): boolean {
    return this.held.has(jobId);
  }

  /** Starts a queued job of the run (queued → running) holding its lease. */
  async start(jobId: string, options: Parameters<JobManager['start']>[1] = {}): Promise<JobRecord> {
    const started = await this.jobs.start(jobId, {
      ...options,
      leaseSeconds: this.leaseSeconds,
      checkpoint: operatorCheckpoint(this.rootJobId),
    });
    this.held.add(jobId);
    return started;
  }

  /** After an action of the job settled (it runs again, leaseless): takes its lease back, if it runs. */
  async reclaim(jobId: string): Promise<void> {
    if (!this.held.has(jobId)) return;
    await this.jobs.claimLease(jobId, { leaseSeconds: this.leaseSeconds });
  }

  /**
   * Renews every lease of the run; returns the run's root job when it was ended elsewhere (cancelled through
   * another kernel, timed out by a sweep), so the run can stop. A job that waits holds no lease meanwhile.
   */
  async renew(): Promise<JobRecord | undefined> {
    for (const jobId of [...this.held]) {
      const renewed = await this.jobs.renewLease(jobId, { leaseSeconds: this.leaseSeconds });
      if (renewed) continue;
      const job = await this.jobs.get(jobId);
      if (!job?.isTerminal) continue;
      this.held.delete(jobId);
      if (jobId === this.rootJobId) return job;
    }
    return undefined;
  }

  release(jobId: string): void {
    this.held.delete(jobId);
  }

  /** The job manager the run's OperatorContext opens child jobs with: each child holds a lease while it runs. */
  childJobManager(): ChildJobManager {
    const { jobs } = this;
    const ended =
      <A extends unknown[]>(end: (jobId: string, ...args: A) => Promise<JobRecord>) =>
      async (jobId: string, ...args: A) => {
        try {
          return await end(jobId, ...args);
        } finally {
          this.release(jobId);
        }
      };
    return {
      create: (spec) => jobs.create(spec),
      start: (jobId, options) => this.start(jobId, options),
      complete: ended((jobId, options?: Parameters<JobManager['complete']>[1]) =>
        jobs.complete(jobId, options),
      ),
      fail: ended((jobId, message: string, options?: Parameters<JobManager['fail']>[2]) =>
        jobs.fail(jobId, message, options),
      ),
      cancel: ended((jobId, options?: Parameters<JobManager['cancel']>[1]) => jobs.cancel(jobId, options)),
      timeOut: ended((jobId, options?: Parameters<JobManager['timeOut']>[1]) => jobs.timeOut(jobId, options)),
    };
  }
}
