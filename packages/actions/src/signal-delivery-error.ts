import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'SignalDeliveryError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * An action was settled and stored, but its waiters could not be signalled (the signal channel failed).
 * Nothing needs retrying: waiters re-read the store at their recheck interval and find it settled.
 */
export class SignalDeliveryError extends AgentRuntimeError<typeof ErrorCode.SIGNAL_DELIVERY_FAILED> {
  private readonly [symbol] = true;
  readonly actionId: string;
  constructor({ actionId, cause }: { actionId: string; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.SIGNAL_DELIVERY_FAILED,
      message: `action ${actionId} is settled, but its waiters could not be signalled`,
      cause,
    });
    this.actionId = actionId;
  }

  static override isInstance(error: unknown): error is SignalDeliveryError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
