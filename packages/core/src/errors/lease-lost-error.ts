import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'LeaseLostError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The process no longer holds the lease of the job it was running (it expired and another worker took the job
 * over): the run stops and writes nothing more for the job.
 */
export class LeaseLostError extends AgentRuntimeError<typeof ErrorCode.LEASE_LOST> {
  private readonly [symbol] = true;
  readonly jobId: string;
  readonly leaseOwner: string;
  constructor({ jobId, leaseOwner, cause }: { jobId: string; leaseOwner: string; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.LEASE_LOST,
      message: `job ${jobId}: worker ${leaseOwner} no longer holds its lease`,
      cause,
    });
    this.jobId = jobId;
    this.leaseOwner = leaseOwner;
  }

  static override isInstance(error: unknown): error is LeaseLostError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
