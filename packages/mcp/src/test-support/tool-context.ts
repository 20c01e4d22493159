import {
  type ArtifactSpec,
  ExecutionContext,
  type ToolArtifact,
  type ToolContext,
} from '@agent-runtime/core';

/**
 * A ToolContext outside any job, for calling a plugin's tools directly: `requireAction` must not be reached;
 * `createArtifact` keeps what it is given in `artifacts`.
 */
export function directToolContext(
  signal: AbortSignal = new AbortController().signal,
): ToolContext & { artifacts: ToolArtifact[] } {
  const artifacts: ToolArtifact[] = [];
  return {
    context: new ExecutionContext({ scopeId: 'test' }),
    jobId: 'job-direct',
    toolCallId: 'call-direct',
    signal,
    artifacts,
    requireAction: () => Promise.reject(new Error('no approval outside a job')),
    createArtifact: (spec: ArtifactSpec) => {
      const artifact = storedArtifact(spec, artifacts.length + 1);
      artifacts.push(artifact);
      return Promise.resolve(artifact);
    },
    updateArtifact: () => Promise.reject(new Error('no artifact updates outside a job')),
  };
}

function storedArtifact(spec: ArtifactSpec, ordinal: number): ToolArtifact {
  return {
    ...spec,
    artifactId: `artifact-direct-${ordinal}`,
    jobId: 'job-direct',
    metadata: spec.metadata ?? {},
    version: 1,
    createdAt: 0,
    updatedAt: 0,
  };
}
