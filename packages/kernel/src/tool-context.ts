import type { ResolvedAction, ToolContext } from '@agent-runtime/core';
import type { Execution } from './execution';
import { createArtifact, updateArtifact } from './job-artifacts';
import { waitForAction } from './wait-for-action';

/** What a tool's `execute` gets besides its input. */
export function toolContext(
  execution: Execution,
  toolCallId: string,
  resolvedAction?: ResolvedAction,
): ToolContext {
  return {
    context: execution.ctx,
    jobId: execution.jobId,
    toolCallId,
    signal: execution.signal,
    requireAction: (spec) => waitForAction(execution, { ...spec, toolCallId }),
    createArtifact: (spec) => createArtifact(execution, toolCallId, spec),
    updateArtifact: (artifactId, patch) => updateArtifact(execution, artifactId, patch),
    ...(resolvedAction ? { resolvedAction } : {}),
  };
}
