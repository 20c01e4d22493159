import { ToolExecutionError } from '@agent-runtime/core';

const name = 'McpToolError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The MCP server answered the call with `isError: true`; the message is the text it returned. */
export class McpToolError extends ToolExecutionError {
  private readonly [symbol] = true;
  readonly serverName: string;
  constructor({
    serverName,
    toolName,
    message,
    cause,
  }: { serverName: string; toolName: string; message: string; cause?: unknown }) {
    super({ name, code: 'MCP_TOOL_ERROR', toolName, message, cause });
    this.serverName = serverName;
  }

  static override isInstance(error: unknown): error is McpToolError {
    return ToolExecutionError.hasMarker(error, marker);
  }
}
