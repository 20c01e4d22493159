import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'EventBusClosedError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** An event was published to, or a subscriber added to, a bus that was already closed. */
export class EventBusClosedError extends AgentRuntimeError<typeof ErrorCode.EVENT_BUS_CLOSED> {
  private readonly [symbol] = true;
  constructor({ operation, cause }: { operation: 'publish' | 'subscribe' | 'stream'; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.EVENT_BUS_CLOSED,
      message: `cannot ${operation}: the event bus is closed`,
      cause,
    });
  }

  static override isInstance(error: unknown): error is EventBusClosedError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
