import type { ToolActionSpec } from '../tools/runtime-tool';
import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'ActionRequiredError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Thrown by a tool (or agent code) that cannot go on without a human. The kernel creates the action from
 * `spec`, moves the job to `waiting_action`, and once resolved runs the tool again with `resolvedAction` set.
 */
export class ActionRequiredError extends AgentRuntimeError<typeof ErrorCode.ACTION_REQUIRED> {
  private readonly [symbol] = true;
  readonly spec: ToolActionSpec;

  constructor(spec: ToolActionSpec, { message, cause }: { message?: string; cause?: unknown } = {}) {
    super({
      name,
      code: ErrorCode.ACTION_REQUIRED,
      message: message ?? `action required: ${spec.type}`,
      cause,
    });
    this.spec = spec;
  }

  static override isInstance(error: unknown): error is ActionRequiredError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
