import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { defineTool, RuntimeKernel, type RuntimeKernelCreateOptions } from '@agent-runtime/kernel';
import { z } from 'zod';
import { jobModel } from './job-model';
import type { RunningJobs } from './job-runner';
import { checkedJob, PROMPT, TOOL_DESCRIPTION, TOOL_NAME, weatherOf } from './workload';

export const weatherTool = defineTool({
  name: TOOL_NAME,
  description: TOOL_DESCRIPTION,
  inputSchema: z.object({ city: z.string() }),
  execute: (input) => weatherOf(input),
});

/** A kernel with the defaults a user gets (`aiSdkDriver` with its production middleware), stores overridable. */
export function kernelJobs(
  row: string,
  stores: Omit<RuntimeKernelCreateOptions, 'agent' | 'tools'> = {},
): RunningJobs & { kernel: RuntimeKernel } {
  const kernel = RuntimeKernel.create({
    agent: aiSdkDriver({ model: jobModel() }),
    tools: [weatherTool],
    ...stores,
  });
  return {
    kernel,
    runJob: () =>
      checkedJob(row, async () => {
        const handle = await kernel.execute({ prompt: PROMPT, scopeId: 'tenant-bench' });
        const result = await handle.result();
        if (result.status !== 'succeeded')
          throw new Error(`${row}: job ${result.status}: ${result.error?.message}`);
        return result.content;
      }),
    close: () => kernel.shutdown(),
  };
}
