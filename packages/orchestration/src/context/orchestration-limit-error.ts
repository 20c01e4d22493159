import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'OrchestrationLimitError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A child run would exceed an OrchestrationConfig limit (`maxDepth` or `maxChildJobs`); nothing was started. */
export class OrchestrationLimitError extends AgentRuntimeError<typeof ErrorCode.ORCHESTRATION_LIMIT> {
  private readonly [symbol] = true;
  readonly limit: 'maxDepth' | 'maxChildJobs';
  readonly limitValue: number;
  /** With `maxChildJobs`: how many children the run would have had. */
  readonly requested?: number;
  constructor({
    limit,
    limitValue,
    requested,
    cause,
  }: { limit: 'maxDepth' | 'maxChildJobs'; limitValue: number; requested?: number; cause?: unknown }) {
    const wanted = requested === undefined ? '' : `: ${requested} children needed`;
    super({
      name,
      code: ErrorCode.ORCHESTRATION_LIMIT,
      message: `orchestration limit ${limit} (${limitValue}) reached${wanted}`,
      cause,
    });
    this.limit = limit;
    this.limitValue = limitValue;
    if (requested !== undefined) this.requested = requested;
  }

  static override isInstance(error: unknown): error is OrchestrationLimitError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
