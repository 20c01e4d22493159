import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'PolicyDenied';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A policy denied the operation. `violations` lists the rules that denied it. */
export class PolicyDenied extends AgentRuntimeError<typeof ErrorCode.POLICY_DENIED> {
  private readonly [symbol] = true;
  readonly violations: readonly string[];
  constructor({
    reason,
    violations = [],
    cause,
  }: { reason: string; violations?: readonly string[]; cause?: unknown }) {
    super({ name, code: ErrorCode.POLICY_DENIED, message: reason, cause });
    this.violations = violations;
  }

  static override isInstance(error: unknown): error is PolicyDenied {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
