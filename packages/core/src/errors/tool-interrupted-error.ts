import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'ToolInterruptedError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A tool call was executing when its process died, and the tool is not `idempotent`: it is not run again,
 * and the model is told that its outcome is unknown.
 */
export class ToolInterruptedError extends AgentRuntimeError<typeof ErrorCode.TOOL_INTERRUPTED> {
  private readonly [symbol] = true;
  readonly toolCallId: string;
  readonly toolName: string;
  constructor({ toolCallId, toolName, cause }: { toolCallId: string; toolName: string; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.TOOL_INTERRUPTED,
      message: `tool ${toolName} (call ${toolCallId}) was interrupted by a crash; its outcome is unknown and it was not run again`,
      cause,
    });
    this.toolCallId = toolCallId;
    this.toolName = toolName;
  }

  static override isInstance(error: unknown): error is ToolInterruptedError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
