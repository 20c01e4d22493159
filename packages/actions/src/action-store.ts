import type { ActionFilter } from './action-filter';
import type { ActionRecord } from './action-record';

/**
 * Where actions live. Like a database under concurrent calls: `create` is atomic on the unique actionId and
 * resume token hash, `update` is a compare-and-set on `version`. A store never sees a plaintext token.
 * Prove an implementation with `describeActionStoreContract` from `@agent-runtime/actions/testing`.
 */
export interface ActionStore {
  /** Stores a new action; a duplicate actionId or resumeTokenHash throws DuplicateActionError, writing nothing. */
  create(action: ActionRecord): Promise<ActionRecord>;
  get(actionId: string): Promise<ActionRecord | undefined>;
  getByResumeTokenHash(hash: string): Promise<ActionRecord | undefined>;
  /**
   * Compare-and-set: the stored version must equal `action.version`; writes it with `version + 1` and returns
   * what was stored, else ConcurrentModificationError (NotFoundError when absent) and nothing changes.
   */
  update(action: ActionRecord): Promise<ActionRecord>;
  delete(actionId: string): Promise<boolean>;
  list(filter?: ActionFilter): Promise<ActionRecord[]>;
  /** Pending actions of a job, oldest first. */
  listPendingForJob(jobId: string): Promise<ActionRecord[]>;
  /** Pending actions with `expiresAt <= now`, oldest first. */
  listExpired(now: number): Promise<ActionRecord[]>;
}
