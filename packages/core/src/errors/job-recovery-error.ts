import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'JobRecoveryError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A job whose workers kept dying was taken over more than `maxRecoveries` times, or cannot be resumed at all. */
export class JobRecoveryError extends AgentRuntimeError<typeof ErrorCode.JOB_RECOVERY_FAILED> {
  private readonly [symbol] = true;
  readonly jobId: string;
  readonly recoveries: number;
  constructor({
    jobId,
    recoveries,
    message,
    cause,
  }: {
    jobId: string;
    recoveries: number;
    message?: string;
    cause?: unknown;
  }) {
    super({
      name,
      code: ErrorCode.JOB_RECOVERY_FAILED,
      message: message ?? `job ${jobId} was recovered ${recoveries} times, more than allowed`,
      cause,
    });
    this.jobId = jobId;
    this.recoveries = recoveries;
  }

  static override isInstance(error: unknown): error is JobRecoveryError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
