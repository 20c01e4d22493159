import { isStepCount, streamText, tool } from 'ai';
import { z } from 'zod';
import { jobModel } from './job-model';
import type { JobRunner } from './job-runner';
import { checkedJob, PROMPT, TOOL_DESCRIPTION, TOOL_NAME, weatherOf } from './workload';

/** (a) The baseline: one `streamText` call with the tool and two steps, its stream read to the end. */
export const bareAiSdk: JobRunner = {
  row: '(a) AI SDK streamText (baseline)',
  async setup() {
    const model = jobModel();
    const tools = {
      [TOOL_NAME]: tool({
        description: TOOL_DESCRIPTION,
        inputSchema: z.object({ city: z.string() }),
        execute: async (input) => weatherOf(input),
      }),
    };
    return {
      runJob: () =>
        checkedJob(bareAiSdk.row, async () => {
          const result = streamText({ model, prompt: PROMPT, tools, stopWhen: isStepCount(2) });
          for await (const _ of result.fullStream);
          return result.text;
        }),
      close: async () => {},
    };
  },
};
