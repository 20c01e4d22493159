import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'InvalidResumeTokenError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** No action has this resume token (wrong, unknown or malformed). Says nothing about which actions exist. */
export class InvalidResumeTokenError extends AgentRuntimeError<typeof ErrorCode.INVALID_RESUME_TOKEN> {
  private readonly [symbol] = true;
  constructor({ cause }: { cause?: unknown } = {}) {
    super({ name, code: ErrorCode.INVALID_RESUME_TOKEN, message: 'invalid resume token', cause });
  }

  static override isInstance(error: unknown): error is InvalidResumeTokenError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
