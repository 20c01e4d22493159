import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'CancelledError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The operation was cancelled through its CancellationToken or AbortSignal. */
export class CancelledError extends AgentRuntimeError<typeof ErrorCode.CANCELLED> {
  private readonly [symbol] = true;
  readonly reason: string | undefined;
  constructor({ reason, cause }: { reason?: string; cause?: unknown } = {}) {
    super({ name, code: ErrorCode.CANCELLED, message: reason ? `cancelled: ${reason}` : 'cancelled', cause });
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is CancelledError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
