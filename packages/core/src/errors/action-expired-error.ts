import { AgentRuntimeError } from './agent-runtime-error';

const name = 'ActionExpiredError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The action's deadline passed before it was resolved, or its resume token was used after expiry. */
export class ActionExpiredError extends AgentRuntimeError {
  private readonly [symbol] = true;
  readonly actionId: string | undefined;
  constructor({ actionId, message, cause }: { actionId?: string; message?: string; cause?: unknown } = {}) {
    super({
      name,
      code: 'ACTION_EXPIRED',
      message: message ?? `action ${actionId ?? ''} has expired`.trim(),
      cause,
    });
    this.actionId = actionId;
  }

  static override isInstance(error: unknown): error is ActionExpiredError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
