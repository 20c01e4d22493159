import { ErrorCode, type StoredErrorCode } from './error-code';

const marker = 'agent-runtime.error';
const symbol = Symbol.for(marker);

export interface AgentRuntimeErrorOptions<TCode extends ErrorCode = ErrorCode> {
  name: string;
  code: TCode;
  message: string;
  cause?: unknown;
}

/** The JSON shape of an error as carried by events, results and job records. */
export interface SerializedError {
  name: string;
  code: StoredErrorCode;
  message: string;
}

/**
 * Base of every error agent-runtime throws. `code` is one of `ErrorCode`, stable across versions (a subclass
 * narrows it to its own); `isInstance` works across duplicate installs of the package (it checks a
 * `Symbol.for` marker, not the prototype chain).
 */
export class AgentRuntimeError<TCode extends ErrorCode = ErrorCode> extends Error {
  private readonly [symbol] = true;
  readonly code: TCode;

  constructor({ name, code, message, cause }: AgentRuntimeErrorOptions<TCode>) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = name;
    this.code = code;
  }

  static isInstance(error: unknown): error is AgentRuntimeError {
    return AgentRuntimeError.hasMarker(error, marker);
  }

  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    );
  }

  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** Any thrown value as a SerializedError; non-runtime errors get code `INTERNAL_ERROR`. */
export function serializeError(error: unknown): SerializedError {
  if (AgentRuntimeError.isInstance(error)) return error.toJSON();
  if (error instanceof Error)
    return { name: error.name, code: ErrorCode.INTERNAL_ERROR, message: error.message };
  return { name: 'Error', code: ErrorCode.INTERNAL_ERROR, message: String(error) };
}
