import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'PayloadTooLargeError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The request body is larger than the server's `maxBodyBytes`. */
export class PayloadTooLargeError extends AgentRuntimeError<typeof ErrorCode.PAYLOAD_TOO_LARGE> {
  private readonly [symbol] = true;
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.PAYLOAD_TOO_LARGE, message, cause });
  }

  static override isInstance(error: unknown): error is PayloadTooLargeError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
