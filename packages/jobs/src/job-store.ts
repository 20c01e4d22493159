import type { JobFilter } from './job-filter';
import type { JobRecord } from './job-record';

/**
 * Where jobs live. Implementations must behave like a database under concurrent calls: `create` is atomic
 * with respect to the unique jobId and the unique `(scopeId, idempotencyKey)`, and `update` is a
 * compare-and-set on `version`. Prove an implementation with `describeJobStoreContract` from
 * `@agent-runtime/jobs/testing`.
 */
export interface JobStore {
  /**
   * Stores a new job and returns what was stored. A duplicate jobId or `(scopeId, idempotencyKey)` throws
   * IdempotencyConflictError with `existingJobId` and writes nothing.
   */
  create(job: JobRecord): Promise<JobRecord>;
  get(jobId: string): Promise<JobRecord | undefined>;
  /**
   * Compare-and-set: the stored version must equal `job.version`; the store writes the job with
   * `version + 1` and returns what it stored. Otherwise ConcurrentModificationError (NotFoundError when the
   * job does not exist), and nothing changes.
   */
  update(job: JobRecord): Promise<JobRecord>;
  /** True when a job was deleted. */
  delete(jobId: string): Promise<boolean>;
  list(filter?: JobFilter): Promise<JobRecord[]>;
  /** Without `scopeId`, the oldest job with that key in any scope. */
  getByIdempotencyKey(key: string, scopeId?: string): Promise<JobRecord | undefined>;
  /** How many jobs match, ignoring `limit`, `offset` and `cursor`. */
  count(filter?: JobFilter): Promise<number>;
}
