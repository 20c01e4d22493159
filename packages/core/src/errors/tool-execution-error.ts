import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const baseName = 'ToolExecutionError';
const marker = `agent-runtime.error.${baseName}`;
const symbol = Symbol.for(marker);

/**
 * A tool throws it to fail one call, not the job: the kernel records the call, publishes `tool.error` and
 * tells the model the message, and the run goes on. Any other error thrown by a tool ends the job.
 * Subclasses (`McpToolError`, …) pass their own `name` and `code`.
 */
export class ToolExecutionError extends AgentRuntimeError {
  private readonly [symbol] = true;
  readonly toolName: string;
  constructor({
    toolName,
    message,
    cause,
    name = baseName,
    code = ErrorCode.TOOL_EXECUTION_FAILED,
  }: {
    toolName: string;
    message: string;
    cause?: unknown;
    name?: string;
    code?: ErrorCode;
  }) {
    super({ name, code, message, cause });
    this.toolName = toolName;
  }

  static override isInstance(error: unknown): error is ToolExecutionError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
