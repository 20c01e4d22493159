import type { JobRunner } from './job-runner';
import { kernelJobs } from './kernel-job';

/** (b) `RuntimeKernel.create` with every component in memory. */
export const kernelInMemory: JobRunner = {
  row: '(b) agent-runtime kernel, in-memory',
  setup: async () => kernelJobs(kernelInMemory.row),
};
