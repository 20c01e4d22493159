import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'JobFailedError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A job failed for a reason that has no more specific code (a job failed without an `errorCode`). */
export class JobFailedError extends AgentRuntimeError<typeof ErrorCode.JOB_FAILED> {
  private readonly [symbol] = true;
  readonly jobId: string | undefined;
  constructor({ jobId, message, cause }: { jobId?: string; message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.JOB_FAILED, message, cause });
    this.jobId = jobId;
  }

  static override isInstance(error: unknown): error is JobFailedError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
