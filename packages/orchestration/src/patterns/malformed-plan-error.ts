import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'MalformedPlanError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A planner's output is not a plan: not JSON, or not the shape `planSchema` accepts. */
export class MalformedPlanError extends AgentRuntimeError<typeof ErrorCode.MALFORMED_PLAN> {
  private readonly [symbol] = true;
  /** The planner's output as text. */
  readonly planText: string;
  readonly issues: readonly string[];
  constructor({ planText, issues, cause }: { planText: string; issues: readonly string[]; cause?: unknown }) {
    super({ name, code: ErrorCode.MALFORMED_PLAN, message: `malformed plan: ${issues.join('; ')}`, cause });
    this.planText = planText;
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is MalformedPlanError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
