import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'RedisCommandError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Redis answered a command with an error rather than failing to answer: e.g. `WRONGTYPE` (another program
 * uses a key under the prefix), `OOM` (maxmemory reached), `READONLY` (a replica). The Redis error is `cause`.
 */
export class RedisCommandError extends AgentRuntimeError<typeof ErrorCode.REDIS_COMMAND_ERROR> {
  private readonly [symbol] = true;
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.REDIS_COMMAND_ERROR, message, cause });
  }

  static override isInstance(error: unknown): error is RedisCommandError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
