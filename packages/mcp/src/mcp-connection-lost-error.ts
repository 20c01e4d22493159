import { ToolExecutionError } from '@agent-runtime/core';

const name = 'McpConnectionLostError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The server exited or the connection closed while the call ran: its outcome is unknown. The plugin reconnects. */
export class McpConnectionLostError extends ToolExecutionError {
  private readonly [symbol] = true;
  readonly serverName: string;
  constructor({
    serverName,
    toolName,
    message,
    cause,
  }: { serverName: string; toolName: string; message: string; cause?: unknown }) {
    super({ name, code: 'MCP_CONNECTION_LOST', toolName, message, cause });
    this.serverName = serverName;
  }

  static override isInstance(error: unknown): error is McpConnectionLostError {
    return ToolExecutionError.hasMarker(error, marker);
  }
}
