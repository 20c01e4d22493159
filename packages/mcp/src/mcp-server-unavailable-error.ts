import { ToolExecutionError } from '@agent-runtime/core';

const name = 'McpServerUnavailableError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The server is down and every reconnect attempt of this round failed (or the plugin is shut down). */
export class McpServerUnavailableError extends ToolExecutionError {
  private readonly [symbol] = true;
  readonly serverName: string;
  constructor({
    serverName,
    toolName,
    message,
    cause,
  }: { serverName: string; toolName: string; message: string; cause?: unknown }) {
    super({ name, code: 'MCP_SERVER_UNAVAILABLE', toolName, message, cause });
    this.serverName = serverName;
  }

  static override isInstance(error: unknown): error is McpServerUnavailableError {
    return ToolExecutionError.hasMarker(error, marker);
  }
}
