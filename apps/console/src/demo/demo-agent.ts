import { type ScriptedStep, scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { type AgentDriver, defineTool } from '@agent-runtime/kernel';
import { z } from 'zod';

/** The demo prompt whose job waits for a person to approve a deployment. */
export const DEPLOY_PROMPT = 'Deploy the changes';
/** The demo prompt whose job calls a plain tool and answers. */
export const STATUS_PROMPT = 'How is the build doing?';

const SCRIPTS: Record<string, readonly ScriptedStep[]> = {
  [DEPLOY_PROMPT]: [
    {
      toolCalls: [{ toolName: 'deploy_changes', input: { environment: 'production' } }],
      usage: { inputTokens: 95, outputTokens: 16 },
    },
    {
      text: 'The deployment request was decided; the tool result above says whether it ran.',
      usage: { inputTokens: 140, outputTokens: 17 },
    },
  ],
  [STATUS_PROMPT]: [
    {
      toolCalls: [{ toolName: 'build_status', input: { branch: 'main' } }],
      usage: { inputTokens: 60, outputTokens: 12 },
    },
    {
      text: 'The main branch is green: 412 tests passed in 3 minutes 5 seconds.',
      usage: { inputTokens: 110, outputTokens: 21 },
    },
  ],
};

const answer = (prompt: string): ScriptedStep[] => [
  {
    text: `Offline demo answer to "${prompt}": the scripted model streams this text a few characters at a time.`,
    usage: { inputTokens: 20 + prompt.length, outputTokens: 24 },
  },
];

/**
 * The offline demo agent: a scripted model per run (no API key, no network), chosen by the prompt; the
 * text arrives in small chunks `chunkDelayMs` apart, so the console shows it streaming in.
 */
export function demoAgent({ chunkDelayMs = 15 }: { chunkDelayMs?: number } = {}): AgentDriver {
  const driverOf = (prompt: string) =>
    scriptedDriver(SCRIPTS[prompt] ?? answer(prompt), {
      middleware: 'none',
      modelOptions: { provider: 'openai', modelId: 'gpt-5-nano', chunkDelayMs },
    });
  return { model: driverOf('').model, run: (request) => driverOf(request.prompt).run(request) };
}

/** Waits for a person: the job stays `waiting_action` until its action is approved or rejected. */
export const deployChanges = defineTool({
  name: 'deploy_changes',
  description: 'Deploys the current changes after a person approves',
  inputSchema: z.object({ environment: z.string() }),
  async execute({ environment }, toolContext) {
    const action = await toolContext.requireAction({
      type: 'approval',
      payload: { message: `Deploy to ${environment}?` },
      timeoutSeconds: 24 * 3600,
    });
    return { deployed: action.resolution?.approved === true, environment };
  },
});

export const buildStatus = defineTool({
  name: 'build_status',
  description: 'The CI status of a branch',
  inputSchema: z.object({ branch: z.string() }),
  async execute({ branch }) {
    return { branch, status: 'green', tests: 412, durationSeconds: 185 };
  },
});
