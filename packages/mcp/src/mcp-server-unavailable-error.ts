import { ErrorCode } from '@agent-runtime/core';
import { McpCallError, type McpCallErrorFields } from './mcp-call-error';

const name = 'McpServerUnavailableError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The server is down and every reconnect attempt of this round failed (or the plugin is shut down). */
export class McpServerUnavailableError extends McpCallError {
  private readonly [symbol] = true;
  constructor(fields: McpCallErrorFields) {
    super({ ...fields, name, code: ErrorCode.MCP_SERVER_UNAVAILABLE });
  }

  static override isInstance(error: unknown): error is McpServerUnavailableError {
    return McpCallError.hasMarker(error, marker);
  }
}
