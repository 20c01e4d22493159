import { defineTool } from '@agent-runtime/kernel';
import { z } from 'zod';

const DOCUMENTS: Record<string, string> = {
  'q3-report':
    'Q3: revenue 4.2M (+12% QoQ), churn 2.1% (-0.4 pt), two enterprise deals signed, hiring paused.',
};

/** A document store the agent can read (the budget example's "document"). */
export const readDocument = defineTool({
  name: 'read_document',
  description: 'Returns the text of a document by name. Known documents: q3-report.',
  inputSchema: z.object({ name: z.string() }),
  execute: ({ name }) => DOCUMENTS[name] ?? `no document named ${name}`,
});

/** `deploy_changes`: asks a human before it deploys. */
export const deployChanges = defineTool({
  name: 'deploy_changes',
  description: 'Deploys the pending changes to an environment, after a human confirms.',
  inputSchema: z.object({ environment: z.string() }),
  async execute({ environment }, toolContext) {
    const action = await toolContext.requireAction({
      type: 'confirm',
      payload: { message: `Deploy to ${environment}?` },
      timeoutSeconds: 86_400, // a day: on a durable store the job waits across processes
    });
    if (action.resolution?.approved !== true) return { deployed: false, environment };
    return { deployed: true, environment, version: 'v1.4.2' };
  },
});
