import { AgentRuntimeError } from './agent-runtime-error';

const name = 'PolicyDenied';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A policy denied the operation. `violations` lists the rules that denied it. */
export class PolicyDenied extends AgentRuntimeError {
  private readonly [symbol] = true;
  readonly violations: readonly string[];
  constructor({
    reason,
    violations = [],
    cause,
  }: { reason: string; violations?: readonly string[]; cause?: unknown }) {
    super({ name, code: 'POLICY_DENIED', message: reason, cause });
    this.violations = violations;
  }

  static override isInstance(error: unknown): error is PolicyDenied {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
