import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'RuntimeTimeoutError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A deadline or timeout passed (job deadline, `timeoutSeconds`, `maxRuntimeSeconds`, a wait). */
export class RuntimeTimeoutError extends AgentRuntimeError<typeof ErrorCode.TIMEOUT> {
  private readonly [symbol] = true;
  readonly timeoutMs: number | undefined;
  constructor({ message, timeoutMs, cause }: { message: string; timeoutMs?: number; cause?: unknown }) {
    super({ name, code: ErrorCode.TIMEOUT, message, cause });
    this.timeoutMs = timeoutMs;
  }

  static override isInstance(error: unknown): error is RuntimeTimeoutError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
