import { Agent, run, setTracingDisabled, tool } from '@openai/agents';
import { aisdk } from '@openai/agents-extensions/ai-sdk';
import { z } from 'zod';
import { jobModel } from './job-model';
import type { JobRunner } from './job-runner';
import { checkedJob, PROMPT, TOOL_DESCRIPTION, TOOL_NAME, weatherOf } from './workload';

/** (f) The OpenAI Agents SDK's `run(agent, prompt, { stream: true })` on the mock model through `aisdk()`. */
export const openaiAgents: JobRunner = {
  row: '(f) OpenAI Agents SDK (aisdk adapter)',
  async setup() {
    // Tracing would export spans to OpenAI's servers: off (no network here, and not part of the workload).
    setTracingDisabled(true);
    const agent = new Agent({
      name: 'bench-agent',
      instructions: 'You answer weather questions.',
      model: aisdk(jobModel()),
      tools: [
        tool({
          name: TOOL_NAME,
          description: TOOL_DESCRIPTION,
          parameters: z.object({ city: z.string() }),
          execute: async (input) => weatherOf(input),
        }),
      ],
    });
    return {
      runJob: () =>
        checkedJob(openaiAgents.row, async () => {
          const result = await run(agent, PROMPT, { stream: true, maxTurns: 2 });
          for await (const _ of result);
          await result.completed;
          return result.finalOutput;
        }),
      close: async () => {},
    };
  },
};
