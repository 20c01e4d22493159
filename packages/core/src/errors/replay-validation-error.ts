import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'ReplayValidationError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A recording is malformed, truncated, tampered with or of an unsupported version. */
export class ReplayValidationError extends AgentRuntimeError<typeof ErrorCode.REPLAY_VALIDATION> {
  private readonly [symbol] = true;
  readonly problem: string;
  constructor({ problem, message, cause }: { problem: string; message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.REPLAY_VALIDATION, message, cause });
    this.problem = problem;
  }

  static override isInstance(error: unknown): error is ReplayValidationError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
