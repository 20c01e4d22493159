import { AgentRuntimeError } from './agent-runtime-error';

const name = 'CancelledError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The operation was cancelled through its CancellationToken or AbortSignal. */
export class CancelledError extends AgentRuntimeError {
  private readonly [symbol] = true;
  readonly reason: string | undefined;
  constructor({ reason, cause }: { reason?: string; cause?: unknown } = {}) {
    super({ name, code: 'CANCELLED', message: reason ? `cancelled: ${reason}` : 'cancelled', cause });
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is CancelledError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
