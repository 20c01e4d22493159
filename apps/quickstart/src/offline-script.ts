import type { ScriptedStep } from '@agent-runtime/ai-sdk/testing';

/** What the offline model answers, one entry per model call, in the order the quick start makes them. */
export const OFFLINE_SCRIPT: readonly ScriptedStep[] = [
  // 1. Basic execution
  {
    text: 'Types guard the gate,\nerrors caught before they run,\ncalm deploys at night.',
    usage: { inputTokens: 14, outputTokens: 19 },
  },
  // 2. Budget enforcement, within budget: read the document, then answer
  {
    toolCalls: [{ toolName: 'read_document', input: { name: 'q3-report' } }],
    usage: { inputTokens: 120, outputTokens: 18 },
  },
  {
    text: 'Q3 in short: revenue up 12% to 4.2M, churn down to 2.1%, two enterprise deals; hiring is paused.',
    usage: { inputTokens: 190, outputTokens: 31 },
  },
  // 3. Budget enforcement, over budget: refused before its first model call (the step cannot fit in
  //    maxTokens: 100), so it takes no entry here
  // Human in the loop
  {
    toolCalls: [{ toolName: 'deploy_changes', input: { environment: 'production' } }],
    usage: { inputTokens: 95, outputTokens: 16 },
  },
  {
    text: 'The deployment request is handled; the tool result above says whether it ran.',
    usage: { inputTokens: 140, outputTokens: 17 },
  },
];

/**
 * What the offline model answers in a `--approve` process: the deployment job continues from its checkpoint,
 * after the step that asked for `deploy_changes`, so only its last step calls the model.
 */
export const RESUMED_SCRIPT: readonly ScriptedStep[] = OFFLINE_SCRIPT.slice(-1);
