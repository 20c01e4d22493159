import { ConcurrentModificationError, NotFoundError } from '@agent-runtime/core';
import type { ArtifactRecord } from './artifact-record';
import type { ArtifactStore } from './artifact-store';

/** An ArtifactStore in process memory (records are frozen, so they are kept as given). */
export class InMemoryArtifactStore implements ArtifactStore {
  private readonly byId = new Map<string, ArtifactRecord>();
  private readonly byJob = new Map<string, string[]>();

  async create(artifact: ArtifactRecord): Promise<void> {
    if (this.byId.has(artifact.artifactId))
      throw new ConcurrentModificationError({
        resource: 'artifact',
        id: artifact.artifactId,
        expectedVersion: 0,
        actualVersion: this.byId.get(artifact.artifactId)?.version,
      });
    this.byId.set(artifact.artifactId, artifact);
    this.byJob.set(artifact.jobId, [...(this.byJob.get(artifact.jobId) ?? []), artifact.artifactId]);
  }

  async update(artifact: ArtifactRecord): Promise<void> {
    const current = this.byId.get(artifact.artifactId);
    if (!current) throw new NotFoundError({ resource: 'artifact', id: artifact.artifactId });
    if (artifact.version !== current.version + 1)
      throw new ConcurrentModificationError({
        resource: 'artifact',
        id: artifact.artifactId,
        expectedVersion: artifact.version - 1,
        actualVersion: current.version,
      });
    this.byId.set(artifact.artifactId, artifact);
  }

  async get(artifactId: string): Promise<ArtifactRecord | undefined> {
    return this.byId.get(artifactId);
  }

  async listByJob(jobId: string): Promise<ArtifactRecord[]> {
    return (this.byJob.get(jobId) ?? []).map((artifactId) => this.byId.get(artifactId)!);
  }
}
