import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'ActionExpiredError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The action's deadline passed before it was resolved, or its resume token was used after expiry. */
export class ActionExpiredError extends AgentRuntimeError<typeof ErrorCode.ACTION_EXPIRED> {
  private readonly [symbol] = true;
  readonly actionId: string | undefined;
  constructor({ actionId, message, cause }: { actionId?: string; message?: string; cause?: unknown } = {}) {
    super({
      name,
      code: ErrorCode.ACTION_EXPIRED,
      message: message ?? `action ${actionId ?? ''} has expired`.trim(),
      cause,
    });
    this.actionId = actionId;
  }

  static override isInstance(error: unknown): error is ActionExpiredError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
