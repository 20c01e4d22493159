import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'ResumeTokenUsedError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The resume token was already used: its action is resolved. Tokens are single use. */
export class ResumeTokenUsedError extends AgentRuntimeError<typeof ErrorCode.RESUME_TOKEN_USED> {
  private readonly [symbol] = true;
  readonly actionId: string;
  constructor({ actionId, cause }: { actionId: string; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.RESUME_TOKEN_USED,
      message: `the resume token of action ${actionId} was already used`,
      cause,
    });
    this.actionId = actionId;
  }

  static override isInstance(error: unknown): error is ResumeTokenUsedError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
