import { AgentRuntimeError } from '@agent-runtime/core';

const name = 'OrchestrationLimitError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A child run would exceed an OrchestrationConfig limit (`maxDepth` or `maxChildJobs`); nothing was started. */
export class OrchestrationLimitError extends AgentRuntimeError {
  private readonly [symbol] = true;
  readonly limit: 'maxDepth' | 'maxChildJobs';
  readonly limitValue: number;
  constructor({
    limit,
    limitValue,
    cause,
  }: { limit: 'maxDepth' | 'maxChildJobs'; limitValue: number; cause?: unknown }) {
    super({
      name,
      code: 'ORCHESTRATION_LIMIT',
      message: `orchestration limit ${limit} (${limitValue}) reached`,
      cause,
    });
    this.limit = limit;
    this.limitValue = limitValue;
  }

  static override isInstance(error: unknown): error is OrchestrationLimitError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
