const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);
/** SQLSTATE class 08 (connection exception), admin/crash shutdown, cannot connect now, too many connections. */
const CONNECTION_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
const CONNECTION_MESSAGE =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|pglite is closed|client has encountered a connection error|cannot use a pool after calling end|not queryable/i;

/** The `code` of a driver error (an SQLSTATE or a Node network code), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `error` means the database is unreachable rather than that a statement failed. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isConnectionFailure);
  const code = errorCode(error);
  if (code !== undefined && (NETWORK_CODES.has(code) || CONNECTION_SQLSTATE.test(code))) return true;
  return error instanceof Error && CONNECTION_MESSAGE.test(error.message);
}
