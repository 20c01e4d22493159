import { AgentRuntimeError, ValidationError } from '@agent-runtime/core';
import { errorCode, isConnectionFailure } from './connection-errors';
import { PostgresConnectionError } from './postgres-connection-error';
import { PostgresQueryError } from './postgres-query-error';

/**
 * SQLSTATEs that mean the database refused a value it was given: class 22 (data exception: NUL bytes,
 * invalid jsonb, numbers out of range, bad encodings), class 54 (program limit exceeded: an index row over
 * its size limit) and 42939 (reserved name, such as a `pg_` schema).
 */
const REFUSED_INPUT = /^(22...|54...|42939)$/;

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return errorCode(error) ?? String(error);
}

/**
 * The typed error for anything the driver threw: PostgresConnectionError when the database is unreachable,
 * ValidationError when it refused an input value, PostgresQueryError (with its `sqlState`) otherwise.
 * Errors already typed pass through.
 */
export function toTypedDatabaseError(error: unknown): AgentRuntimeError {
  if (AgentRuntimeError.isInstance(error)) return error;
  const detail = messageOf(error);
  if (isConnectionFailure(error))
    return new PostgresConnectionError({ message: `PostgreSQL connection failed: ${detail}`, cause: error });
  const sqlState = errorCode(error);
  if (sqlState !== undefined && REFUSED_INPUT.test(sqlState))
    return new ValidationError({
      field: 'input',
      message: `input: PostgreSQL refused a value (SQLSTATE ${sqlState}): ${detail}`,
      cause: error,
    });
  return new PostgresQueryError({
    message: `PostgreSQL statement failed: ${detail}`,
    sqlState,
    cause: error,
  });
}

/** Throws the typed error for `error` (see toTypedDatabaseError). */
export function rethrowTyped(error: unknown): never {
  throw toTypedDatabaseError(error);
}
