import {
  type ArtifactSpec,
  type ExecutionContext,
  NotFoundError,
  newId,
  parseInput,
  type ToolArtifact,
} from '@agent-runtime/core';
import {
  type ArtifactRecord,
  artifactInputSchema,
  artifactPatchSchema,
  artifactRecord,
} from '@agent-runtime/jobs';
import type { KernelServices } from '../kernel-services';
import type { ExecutionArtifact } from './execution-result';

/** The job an artifact is stored with: its context, the stores, and where its events go (an Execution is one). */
export interface ArtifactOwner {
  readonly jobId: string;
  readonly ctx: ExecutionContext;
  readonly services: Pick<KernelServices, 'artifacts' | 'clock'>;
  publish(type: 'artifact.created' | 'artifact.updated', data: ExecutionArtifact): Promise<void>;
}

/** Stores a new artifact of the job (made by `toolCallId`) and publishes `artifact.created`. */
export async function createArtifact(
  owner: ArtifactOwner,
  toolCallId: string,
  spec: ArtifactSpec,
): Promise<ToolArtifact> {
  const input = parseInput(artifactInputSchema, spec, 'artifact');
  const now = owner.services.clock.now();
  const record = artifactRecord({
    ...input,
    artifactId: newId('artifact'),
    jobId: owner.jobId,
    scopeId: owner.ctx.scopeId,
    toolCallId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await owner.services.artifacts.create(record);
  await owner.publish('artifact.created', toExecutionArtifact(record));
  return record;
}

/** Applies `patch` to one of the job's artifacts (metadata merged), as its next version; `artifact.updated`. */
export async function updateArtifact(
  owner: ArtifactOwner,
  artifactId: string,
  patch: Partial<ArtifactSpec>,
): Promise<ToolArtifact> {
  const changes = parseInput(artifactPatchSchema, patch, 'artifact');
  const { artifacts, clock } = owner.services;
  const current = await artifacts.get(artifactId);
  if (!current || current.jobId !== owner.jobId)
    throw new NotFoundError({ resource: 'artifact', id: artifactId });
  const next = artifactRecord({
    ...current,
    ...changes,
    metadata: { ...current.metadata, ...changes.metadata },
    version: current.version + 1,
    updatedAt: clock.now(),
  });
  await artifacts.update(next);
  await owner.publish('artifact.updated', toExecutionArtifact(next));
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
