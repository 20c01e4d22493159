import type { StopWatching } from '@agent-runtime/jobs';
import { JobStatus } from '@agent-runtime/jobs';
import { Wakeup } from './wakeup';
import type { ClaimedRun, WorkerHost } from './worker-host';
import { parseStopOptions, type ValidWorkerOptions, type WorkerStopOptions } from './worker-options';

/** A job this worker claimed, while this process runs it. */
interface InFlight {
  /** True while the job waits for an action: it holds no slot of the worker then. */
  waiting: boolean;
  settled: Promise<void>;
}

/**
 * Claims queued jobs from the kernel's queue and runs them in its kernel, at most `concurrency` at once;
 * claims again when a job ends, when the queue signals an enqueue, or after a jittered poll delay.
 * `kernel.startWorker()` makes one.
 */
export class Worker {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly wakeup: Wakeup;
  private readonly claiming = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private unwatch: StopWatching | undefined;
  private stopPromise: Promise<void> | undefined;
  private claimedCount = 0;

  constructor(
    private readonly host: WorkerHost,
    private readonly options: ValidWorkerOptions,
  ) {
    this.wakeup = new Wakeup(host.clock);
  }

  get workerId(): string {
    return this.host.workerId;
  }

  /** Claimed jobs running in this worker now (not counting those waiting for an action). */
  get running(): number {
    let count = 0;
    for (const job of this.inFlight.values()) if (!job.waiting) count += 1;
    return count;
  }

  /** How many jobs this worker has claimed since it started. */
  get claimed(): number {
    return this.claimedCount;
  }

  /** Starts watching the queue and claiming; resolves once the first claim was made. */
  async start(): Promise<void> {
    const { queue } = this.host;
    if (this.options.listen && queue.watch) this.unwatch = await queue.watch(() => this.wakeup.poke());
    this.loop = this.claimLoop();
  }

  /**
   * Stops claiming (unclaimed jobs stay queued), lets running jobs finish for `graceSeconds`, then hands those
   * still running back to the queue: their leases are released and another worker resumes them from their
   * checkpoint, with no model call repeated for a completed step. Idempotent.
   */
  stop(options: WorkerStopOptions = {}): Promise<void> {
    const { graceSeconds } = parseStopOptions(options);
    this.stopPromise ??= this.drain(graceSeconds);
    return this.stopPromise;
  }

  private async claimLoop(): Promise<void> {
    const { signal } = this.claiming;
    while (!signal.aborted) {
      const free = this.options.concurrency - this.running;
      const claimed = free > 0 ? await this.claim(free) : 0;
      if (claimed > 0 && claimed === free) continue;
      await this.wakeup.next(this.pollDelayMs());
    }
  }

  /** Claims up to `limit` jobs and starts them; how many it got (0 when the queue failed: the next poll retries). */
  private async claim(limit: number): Promise<number> {
    const { queue, workerId, leaseMs } = this.host;
    const jobs = await queue.claim({ workerId, limit, leaseMs }).catch(() => []);
    for (const job of jobs) this.track(job.jobId, this.host.run(job));
    this.claimedCount += jobs.length;
    return jobs.length;
  }

  private track(jobId: string, run: Promise<ClaimedRun>): void {
    const entry: InFlight = { waiting: false, settled: Promise.resolve() };
    entry.settled = run
      .then((claimed) => {
        void this.followStatus(entry, claimed);
        return claimed.settled;
      })
      .catch(() => {})
      .finally(() => {
        this.inFlight.delete(jobId);
        this.wakeup.poke();
      });
    this.inFlight.set(jobId, entry);
  }

  /** Keeps `waiting` in step with the job: a job waiting for an action frees its slot in this worker. */
  private async followStatus(entry: InFlight, { handle }: ClaimedRun): Promise<void> {
    try {
      for await (const event of handle.events()) {
        if (event.type !== 'job.status_changed') continue;
        entry.waiting = (event.data as { to?: string }).to === JobStatus.WAITING_ACTION;
        if (entry.waiting) this.wakeup.poke();
      }
    } catch {
      // the handle's events end with the job; nothing to keep in step after that
    }
  }

  private pollDelayMs(): number {
    return this.options.pollSeconds * 1000 * (1 + Math.random());
  }

  private async drain(graceSeconds: number): Promise<void> {
    this.claiming.abort();
    this.wakeup.poke();
    await this.loop;
    await this.unwatch?.().catch(() => {});
    const finished = Promise.all([...this.inFlight.values()].map((job) => job.settled)).then(() => true);
    const timer = new AbortController();
    const graceOver = this.host.clock.sleep(graceSeconds * 1000, timer.signal).then(
      () => false,
      () => false,
    );
    const allFinished = await Promise.race([finished, graceOver]);
    timer.abort();
    if (allFinished) return;
    await Promise.all([...this.inFlight.keys()].map((jobId) => this.host.handBack(jobId).catch(() => {})));
    await Promise.all([...this.inFlight.values()].map((job) => job.settled));
  }
}
