import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'NotImplementedError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The kernel behind the server lacks what the request needs (say, `kernel.submit`). */
export class NotImplementedError extends AgentRuntimeError<typeof ErrorCode.NOT_IMPLEMENTED> {
  private readonly [symbol] = true;
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.NOT_IMPLEMENTED, message, cause });
  }

  static override isInstance(error: unknown): error is NotImplementedError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
