import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'ActionCancelledError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The action was cancelled before it was resolved. */
export class ActionCancelledError extends AgentRuntimeError<typeof ErrorCode.ACTION_CANCELLED> {
  private readonly [symbol] = true;
  readonly actionId: string | undefined;
  readonly reason: string | undefined;
  constructor({ actionId, reason, cause }: { actionId?: string; reason?: string; cause?: unknown } = {}) {
    super({
      name,
      code: ErrorCode.ACTION_CANCELLED,
      message: `action ${actionId ?? ''} was cancelled${reason ? `: ${reason}` : ''}`,
      cause,
    });
    this.actionId = actionId;
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is ActionCancelledError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
