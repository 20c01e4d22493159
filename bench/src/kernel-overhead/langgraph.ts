import { tool } from '@langchain/core/tools';
import { MemorySaver } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { z } from 'zod';
import type { JobRunner } from './job-runner';
import { LangChainJobModel } from './langchain-job-model';
import { checkedJob, PROMPT, TOOL_DESCRIPTION, TOOL_NAME, weatherOf } from './workload';

/** (d) LangGraph.js `createReactAgent` with its in-memory checkpointer, one thread per job, token-streamed. */
export const langGraphAgent: JobRunner = {
  row: '(d) LangGraph.js createReactAgent + MemorySaver',
  substitute:
    'LangGraph takes LangChain chat models, not AI SDK models, so (d) runs a LangChain `BaseChatModel` ' +
    'written for the bench that streams the same tool call and the same 50 tokens.',
  async setup() {
    const weather = tool(async (input: { city: string }) => JSON.stringify(weatherOf(input)), {
      name: TOOL_NAME,
      description: TOOL_DESCRIPTION,
      schema: z.object({ city: z.string() }),
    });
    const agent = createReactAgent({
      llm: new LangChainJobModel({}),
      tools: [weather],
      checkpointSaver: new MemorySaver(),
    });
    let thread = 0;
    return {
      runJob: () =>
        checkedJob(langGraphAgent.row, async () => {
          const config = { configurable: { thread_id: `job-${++thread}` }, streamMode: 'messages' as const };
          let text = '';
          for await (const [chunk, meta] of await agent.stream(
            { messages: [{ role: 'user', content: PROMPT }] },
            config,
          )) {
            if (meta.langgraph_node === 'agent' && typeof chunk.content === 'string') text += chunk.content;
          }
          return text;
        }),
      close: async () => {},
    };
  },
};
