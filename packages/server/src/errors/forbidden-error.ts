import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'ForbiddenError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The caller's key lacks the role the route needs. */
export class ForbiddenError extends AgentRuntimeError<typeof ErrorCode.FORBIDDEN> {
  private readonly [symbol] = true;
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.FORBIDDEN, message, cause });
  }

  static override isInstance(error: unknown): error is ForbiddenError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
