/** One row of the kernel-overhead table: how to set a runtime up and run the workload's job on it. */
export interface JobRunner {
  row: string;
  /** Said in the report when this row could not run the identical workload (what it runs instead). */
  substitute?: string;
  /** Builds the runtime (untimed). `runJob` runs one whole job and throws unless it got the scripted reply. */
  setup(): Promise<RunningJobs>;
}

export interface RunningJobs {
  runJob(): Promise<void>;
  close(): Promise<void>;
}
