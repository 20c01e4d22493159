import { PostgresQueryError } from './postgres-query-error';

/** True when `error` is PostgreSQL's unique_violation (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return PostgresQueryError.isInstance(error) && error.sqlState === '23505';
}
