import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'RedisConnectionError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** Redis could not be reached, or the connection broke before the command was answered. */
export class RedisConnectionError extends AgentRuntimeError<typeof ErrorCode.REDIS_CONNECTION_ERROR> {
  private readonly [symbol] = true;
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.REDIS_CONNECTION_ERROR, message, cause });
  }

  static override isInstance(error: unknown): error is RedisConnectionError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
