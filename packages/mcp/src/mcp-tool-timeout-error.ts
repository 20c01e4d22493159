import { ToolExecutionError } from '@agent-runtime/core';

const name = 'McpToolTimeoutError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The call did not answer within `timeoutSeconds`; the server was sent a cancellation. */
export class McpToolTimeoutError extends ToolExecutionError {
  private readonly [symbol] = true;
  readonly serverName: string;
  constructor({
    serverName,
    toolName,
    message,
    cause,
  }: { serverName: string; toolName: string; message: string; cause?: unknown }) {
    super({ name, code: 'MCP_TOOL_TIMEOUT', toolName, message, cause });
    this.serverName = serverName;
  }

  static override isInstance(error: unknown): error is McpToolTimeoutError {
    return ToolExecutionError.hasMarker(error, marker);
  }
}
