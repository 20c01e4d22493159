import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'JobOutcomeNotStoredError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * How these jobs ended could not be stored: their job store failed until the kernel shut down (or refused
 * the write, e.g. the job was deleted). Each stays as last stored; a `running` one, its lease lapsing, is
 * resumed from its last checkpoint by a started kernel's recovery sweep, and `attach(jobId)` follows it. No
 * caller is told an outcome the store does not hold. The last store error is `cause`.
 */
export class JobOutcomeNotStoredError extends AgentRuntimeError<typeof ErrorCode.JOB_OUTCOME_NOT_STORED> {
  private readonly [symbol] = true;
  readonly jobIds: readonly string[];

  constructor({ jobIds, cause }: { jobIds: readonly string[]; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.JOB_OUTCOME_NOT_STORED,
      message: `the outcome of ${jobIds.length === 1 ? `job ${jobIds[0]}` : `${jobIds.length} jobs (${jobIds.join(', ')})`} was not stored (the job store failed until the kernel shut down): it stays as last stored, and the recovery sweep resumes a running job`,
      cause,
    });
    this.jobIds = [...jobIds];
  }

  static override isInstance(error: unknown): error is JobOutcomeNotStoredError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
