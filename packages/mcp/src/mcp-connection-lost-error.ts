import { ErrorCode } from '@agent-runtime/core';
import { McpCallError, type McpCallErrorFields } from './mcp-call-error';

const name = 'McpConnectionLostError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The server exited or the connection failed while the call ran: its outcome is unknown. The plugin reconnects. */
export class McpConnectionLostError extends McpCallError {
  private readonly [symbol] = true;
  constructor(fields: McpCallErrorFields) {
    super({ ...fields, name, code: ErrorCode.MCP_CONNECTION_LOST });
  }

  static override isInstance(error: unknown): error is McpConnectionLostError {
    return McpCallError.hasMarker(error, marker);
  }
}
