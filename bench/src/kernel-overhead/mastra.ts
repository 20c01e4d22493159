import { Agent } from '@mastra/core/agent';
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { jobModel } from './job-model';
import type { JobRunner } from './job-runner';
import { checkedJob, PROMPT, TOOL_DESCRIPTION, TOOL_NAME, weatherOf } from './workload';

type MastraModel = ConstructorParameters<typeof Agent>[0]['model'];

/** (e) Mastra's `Agent` (no memory, no Mastra instance) on the same AI SDK mock model, via `agent.stream`. */
export const mastraAgent: JobRunner = {
  row: '(e) Mastra Agent',
  async setup() {
    const weather = createTool({
      id: TOOL_NAME,
      description: TOOL_DESCRIPTION,
      inputSchema: z.object({ city: z.string() }),
      execute: async (input) => weatherOf(input),
    });
    const agent = new Agent({
      id: 'bench-agent',
      name: 'bench-agent',
      instructions: 'You answer weather questions.',
      // Mastra bundles its own copy of the AI SDK provider types (4.0.17), so the same model needs a cast.
      model: jobModel() as unknown as MastraModel,
      tools: { [TOOL_NAME]: weather },
    });
    return {
      runJob: () =>
        checkedJob(mastraAgent.row, async () => {
          const output = await agent.stream(PROMPT, { maxSteps: 2 });
          for await (const _ of output.fullStream);
          return output.text;
        }),
      close: async () => {},
    };
  },
};
