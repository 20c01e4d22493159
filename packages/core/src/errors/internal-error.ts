import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'InternalError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A failure that is not the caller's: a broken invariant inside agent-runtime. `serializeError` gives any error
 * that is not an `AgentRuntimeError` this code too, keeping that error's own name.
 */
export class InternalError extends AgentRuntimeError<typeof ErrorCode.INTERNAL_ERROR> {
  private readonly [symbol] = true;
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.INTERNAL_ERROR, message, cause });
  }

  static override isInstance(error: unknown): error is InternalError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
