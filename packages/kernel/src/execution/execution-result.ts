import type { ArtifactEventData, SerializedError } from '@agent-runtime/core';
import type { JobStatus } from '@agent-runtime/jobs';

/** Token counts and cost of a whole job (cost in dollars, as a decimal string). */
export interface ExecutionUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  totalCost: string;
}

/** An artifact a job produced (the data of its latest `artifact.created` / `artifact.updated` event). */
export type ExecutionArtifact = ArtifactEventData;

/** What `handle.result()` resolves to: the job's status, final text, usage, turns, artifacts and error. */
export interface ExecutionResult {
  jobId: string;
  status: JobStatus;
  /** The agent's final text; empty unless the job succeeded. */
  content: string;
  usage: ExecutionUsage;
  /** Completed model steps. */
  turns: number;
  artifacts: ExecutionArtifact[];
  /** Why the job did not succeed; `null` when it did. */
  error: SerializedError | null;
}
