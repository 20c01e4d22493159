import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'WebhookDeliveryError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** An event could not be delivered to a webhook: a non-retryable status, or every attempt failed. */
export class WebhookDeliveryError extends AgentRuntimeError<typeof ErrorCode.WEBHOOK_DELIVERY_FAILED> {
  private readonly [symbol] = true;
  readonly eventId: string;
  readonly attempts: number;
  /** The last HTTP status, when the last attempt got a response. */
  readonly status?: number;
  constructor({
    eventId,
    attempts,
    status,
    cause,
  }: { eventId: string; attempts: number; status?: number; cause?: unknown }) {
    const reason = status === undefined ? `network error (${describe(cause)})` : `HTTP ${status}`;
    super({
      name,
      code: ErrorCode.WEBHOOK_DELIVERY_FAILED,
      message: `webhook delivery of event ${eventId} failed after ${attempts} attempt(s): ${reason}`,
      cause,
    });
    this.eventId = eventId;
    this.attempts = attempts;
    if (status !== undefined) this.status = status;
  }

  static override isInstance(error: unknown): error is WebhookDeliveryError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
