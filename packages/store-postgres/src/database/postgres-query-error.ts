import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'PostgresQueryError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A statement failed for a reason that is neither bad input nor a broken connection; `sqlState` says which. */
export class PostgresQueryError extends AgentRuntimeError<typeof ErrorCode.POSTGRES_QUERY_ERROR> {
  private readonly [symbol] = true;
  /** The SQLSTATE PostgreSQL reported (`23505`), or undefined when the driver failed before the server answered. */
  readonly sqlState?: string;
  constructor({ message, sqlState, cause }: { message: string; sqlState?: string; cause?: unknown }) {
    super({ name, code: ErrorCode.POSTGRES_QUERY_ERROR, message, cause });
    if (sqlState !== undefined) this.sqlState = sqlState;
  }

  static override isInstance(error: unknown): error is PostgresQueryError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
