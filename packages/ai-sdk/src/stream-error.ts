/**
 * The error a provider streamed (an `error` part), as an Error: providers stream their API's error object
 * (`{ message, type, code }`, sometimes under `.error`), which is kept as the cause.
 */
export function streamError(error: unknown): unknown {
  if (error instanceof Error || typeof error !== 'object' || error === null) return error;
  const outer = error as { message?: unknown; error?: { message?: unknown } };
  const message = typeof outer.message === 'string' ? outer.message : outer.error?.message;
  return typeof message === 'string' ? new Error(message, { cause: error }) : error;
}
