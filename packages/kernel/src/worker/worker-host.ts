import type { Clock } from '@agent-runtime/core';
import type { JobQueue, JobRecord } from '@agent-runtime/jobs';
import type { ExecutionHandle } from '../execution/execution-handle';

/** A claimed job as its worker sees it: the kernel's handle, and when this process stopped running it. */
export interface ClaimedRun {
  readonly handle: ExecutionHandle;
  /** Resolves once the run in this process is over: the job ended, was handed back, or its lease was lost. */
  readonly settled: Promise<void>;
}

/** What a worker needs of its kernel. */
export interface WorkerHost {
  readonly queue: JobQueue;
  /** The kernel's lease owner: the queue leases claimed jobs to it. */
  readonly workerId: string;
  readonly leaseMs: number;
  readonly clock: Clock;
  /** Runs a job the queue moved to `running` under this kernel's lease, through the kernel's `execute` path. */
  run(job: JobRecord): Promise<ClaimedRun>;
  /** Stops running the job here without ending it, and gives it back to the queue to resume from its checkpoint. */
  handBack(jobId: string): Promise<void>;
}
