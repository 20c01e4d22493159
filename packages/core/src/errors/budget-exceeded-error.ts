import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'BudgetExceededError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A budget limit would be or was exceeded. Names the limit, its value and the usage that hit it. */
export class BudgetExceededError extends AgentRuntimeError<typeof ErrorCode.BUDGET_EXCEEDED> {
  private readonly [symbol] = true;
  readonly limit: string;
  readonly limitValue: string;
  readonly usage: string;
  constructor({
    limit,
    limitValue,
    usage,
    message,
    cause,
  }: {
    limit: string;
    limitValue: string | number;
    usage: string | number;
    message?: string;
    cause?: unknown;
  }) {
    super({
      name,
      code: ErrorCode.BUDGET_EXCEEDED,
      message: message ?? `budget ${limit} exceeded: ${usage} of ${limitValue}`,
      cause,
    });
    this.limit = limit;
    this.limitValue = String(limitValue);
    this.usage = String(usage);
  }

  static override isInstance(error: unknown): error is BudgetExceededError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
