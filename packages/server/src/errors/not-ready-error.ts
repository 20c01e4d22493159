import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'NotReadyError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A store the kernel needs did not answer the readiness probe. */
export class NotReadyError extends AgentRuntimeError<typeof ErrorCode.NOT_READY> {
  private readonly [symbol] = true;
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.NOT_READY, message, cause });
  }

  static override isInstance(error: unknown): error is NotReadyError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
