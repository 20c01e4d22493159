import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'PostgresConnectionError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The database could not be reached, or the connection broke (refused, reset, timed out, shut down, closed). */
export class PostgresConnectionError extends AgentRuntimeError<typeof ErrorCode.POSTGRES_CONNECTION_ERROR> {
  private readonly [symbol] = true;
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, code: ErrorCode.POSTGRES_CONNECTION_ERROR, message, cause });
  }

  static override isInstance(error: unknown): error is PostgresConnectionError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
