import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';
import type { OperatorResult } from '../context/operator-result';

const name = 'ParallelFailureError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** Children of a parallel pattern failed (all of them, or any with `requireAllSuccess`). */
export class ParallelFailureError extends AgentRuntimeError<typeof ErrorCode.PARALLEL_FAILURE> {
  private readonly [symbol] = true;
  readonly failedOperators: readonly string[];
  constructor(failures: readonly OperatorResult[]) {
    const names = failures.map((f) => f.operatorName);
    const detail = failures.map((f) => `${f.operatorName}: ${f.error?.message ?? 'failed'}`).join('; ');
    super({
      name,
      code: ErrorCode.PARALLEL_FAILURE,
      message: `parallel children failed (${detail || 'no successes'})`,
    });
    this.failedOperators = names;
  }

  static override isInstance(error: unknown): error is ParallelFailureError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
