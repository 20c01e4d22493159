import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'DuplicateActionError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** An action with the same actionId (or resume token hash) already exists; nothing was written. */
export class DuplicateActionError extends AgentRuntimeError<typeof ErrorCode.DUPLICATE_ACTION> {
  private readonly [symbol] = true;
  readonly actionId: string;
  constructor({ actionId, cause }: { actionId: string; cause?: unknown }) {
    super({ name, code: ErrorCode.DUPLICATE_ACTION, message: `action ${actionId} already exists`, cause });
    this.actionId = actionId;
  }

  static override isInstance(error: unknown): error is DuplicateActionError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
