import { ErrorCode } from '@agent-runtime/core';
import { McpCallError, type McpCallErrorFields } from './mcp-call-error';

const name = 'McpToolTimeoutError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The call did not answer within `timeoutSeconds`; the server was sent a cancellation. */
export class McpToolTimeoutError extends McpCallError {
  private readonly [symbol] = true;
  constructor(fields: McpCallErrorFields) {
    super({ ...fields, name, code: ErrorCode.MCP_TOOL_TIMEOUT });
  }

  static override isInstance(error: unknown): error is McpToolTimeoutError {
    return McpCallError.hasMarker(error, marker);
  }
}
