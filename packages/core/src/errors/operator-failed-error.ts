import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'OperatorFailedError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** An orchestration operator (or a step it ran) reported failure without an error of its own. */
export class OperatorFailedError extends AgentRuntimeError<typeof ErrorCode.OPERATOR_FAILED> {
  private readonly [symbol] = true;
  readonly operatorName: string;
  constructor({ operatorName, message, cause }: { operatorName: string; message?: string; cause?: unknown }) {
    super({ name, code: ErrorCode.OPERATOR_FAILED, message: message ?? `${operatorName} failed`, cause });
    this.operatorName = operatorName;
  }

  static override isInstance(error: unknown): error is OperatorFailedError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
