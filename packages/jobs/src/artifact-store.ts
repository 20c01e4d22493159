import type { ArtifactRecord } from './artifact-record';

/**
 * Where artifacts are kept. Implementations: `InMemoryArtifactStore`, and `PostgresArtifactStore` in
 * `@agent-runtime/store-postgres`; `describeArtifactStoreContract` (`@agent-runtime/jobs/testing`) checks one.
 */
export interface ArtifactStore {
  /** Stores a new artifact; throws ConcurrentModificationError when one with its id exists. */
  create(artifact: ArtifactRecord): Promise<void>;
  /**
   * Replaces an artifact with its next version: `artifact.version` must be the stored version + 1, else
   * ConcurrentModificationError; NotFoundError when there is none.
   */
  update(artifact: ArtifactRecord): Promise<void>;
  get(artifactId: string): Promise<ArtifactRecord | undefined>;
  /** A job's artifacts in the order they were created. */
  listByJob(jobId: string): Promise<ArtifactRecord[]>;
}
