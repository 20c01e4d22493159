import type { AgentToolCall, ResolvedAction, ToolContext } from '@agent-runtime/core';
import type { Execution } from './execution';
import { createArtifact, updateArtifact } from './job-artifacts';
import { waitForAction } from './wait-for-action';

/**
 * What a tool's `execute` gets besides its input. Its `requireAction` calls are numbered in order, so a run
 * of the tool after a resume gets the actions it asked for before instead of asking again.
 */
export function toolContext(
  execution: Execution,
  call: AgentToolCall,
  resolvedAction?: ResolvedAction,
): ToolContext {
  let requests = 0;
  const { toolCallId } = call;
  return {
    context: execution.ctx,
    jobId: execution.jobId,
    toolCallId,
    idempotencyKey: `${execution.jobId}:${toolCallId}`,
    signal: execution.signal,
    requireAction: (spec) =>
      waitForAction(execution, {
        ...spec,
        binding: { toolCallId, actionKey: `tool:${requests++}` },
        parkedCall: call,
      }),
    createArtifact: (spec) => createArtifact(execution, toolCallId, spec),
    updateArtifact: (artifactId, patch) => updateArtifact(execution, artifactId, patch),
    ...(resolvedAction ? { resolvedAction } : {}),
  };
}
