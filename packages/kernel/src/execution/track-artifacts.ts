import type { AnyRuntimeEvent } from '@agent-runtime/core';
import type { ExecutionArtifact } from './execution-result';

/** Keeps `artifacts` up to date with the job's `artifact.created` / `artifact.updated` events. */
export function trackArtifacts(artifacts: ExecutionArtifact[], event: AnyRuntimeEvent): void {
  if (event.type !== 'artifact.created' && event.type !== 'artifact.updated') return;
  const artifact = event.data;
  const index = artifacts.findIndex((a) => a.artifactId === artifact.artifactId);
  if (index === -1) artifacts.push({ ...artifact });
  else artifacts[index] = { ...artifacts[index], ...artifact };
}
