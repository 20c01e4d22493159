import { ExecutionContext, type ToolContext } from '@agent-runtime/core';

/** A ToolContext outside any job, for calling a plugin's tools directly; `requireAction` and artifacts must not be reached. */
export function directToolContext(signal: AbortSignal = new AbortController().signal): ToolContext {
  return {
    context: new ExecutionContext({ scopeId: 'test' }),
    jobId: 'job-direct',
    toolCallId: 'call-direct',
    signal,
    requireAction: () => Promise.reject(new Error('no approval outside a job')),
    createArtifact: () => Promise.reject(new Error('no artifacts outside a job')),
    updateArtifact: () => Promise.reject(new Error('no artifacts outside a job')),
  };
}
