import { type ArtifactSpec, NotFoundError, newId, parseInput, type ToolArtifact } from '@agent-runtime/core';
import {
  type ArtifactRecord,
  artifactInputSchema,
  artifactPatchSchema,
  artifactRecord,
} from '@agent-runtime/jobs';
import type { Execution } from './execution';
import type { ExecutionArtifact } from './execution-result';

/** Stores a new artifact of the job (made by `toolCallId`) and publishes `artifact.created`. */
export async function createArtifact(
  execution: Execution,
  toolCallId: string,
  spec: ArtifactSpec,
): Promise<ToolArtifact> {
  const input = parseInput(artifactInputSchema, spec, 'artifact');
  const now = execution.services.clock.now();
  const record = artifactRecord({
    ...input,
    artifactId: newId('artifact'),
    jobId: execution.jobId,
    scopeId: execution.ctx.scopeId,
    toolCallId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await execution.services.artifacts.create(record);
  await execution.publish('artifact.created', toExecutionArtifact(record));
  return record;
}

/** Applies `patch` to one of the job's artifacts (metadata merged), as its next version; `artifact.updated`. */
export async function updateArtifact(
  execution: Execution,
  artifactId: string,
  patch: Partial<ArtifactSpec>,
): Promise<ToolArtifact> {
  const changes = parseInput(artifactPatchSchema, patch, 'artifact');
  const { artifacts, clock } = execution.services;
  const current = await artifacts.get(artifactId);
  if (!current || current.jobId !== execution.jobId)
    throw new NotFoundError({ resource: 'artifact', id: artifactId });
  const next = artifactRecord({
    ...current,
    ...changes,
    metadata: { ...current.metadata, ...changes.metadata },
    version: current.version + 1,
    updatedAt: clock.now(),
  });
  await artifacts.update(next);
  await execution.publish('artifact.updated', toExecutionArtifact(next));
  return next;
}

/** An artifact as `result.artifacts` lists it and its events carry it. */
export function toExecutionArtifact(record: ArtifactRecord): ExecutionArtifact {
  const { artifactId, name, mimeType, content, uri, metadata, version } = record;
  return {
    artifactId,
    name,
    ...(mimeType !== undefined && { mimeType }),
    ...(content !== undefined && { content }),
    ...(uri !== undefined && { uri }),
    metadata: { ...metadata },
    version,
  };
}
