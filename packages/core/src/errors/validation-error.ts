import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'ValidationError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** Input failed validation. `field` is the path of the first offending field, e.g. `budgets.maxCost`. */
export class ValidationError extends AgentRuntimeError<typeof ErrorCode.VALIDATION_ERROR> {
  private readonly [symbol] = true;
  readonly field: string;
  readonly issues: readonly { field: string; message: string }[];
  constructor({
    field,
    message,
    issues = [],
    cause,
  }: {
    field: string;
    message: string;
    issues?: readonly { field: string; message: string }[];
    cause?: unknown;
  }) {
    super({ name, code: ErrorCode.VALIDATION_ERROR, message, cause });
    this.field = field;
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is ValidationError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
