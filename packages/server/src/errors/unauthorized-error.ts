import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'UnauthorizedError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** No valid API key was presented (`Authorization: Bearer <key>`). */
export class UnauthorizedError extends AgentRuntimeError<typeof ErrorCode.UNAUTHORIZED> {
  private readonly [symbol] = true;
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.UNAUTHORIZED, message, cause });
  }

  static override isInstance(error: unknown): error is UnauthorizedError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
