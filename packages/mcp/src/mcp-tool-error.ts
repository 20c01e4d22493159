import { ErrorCode } from '@agent-runtime/core';
import { McpCallError, type McpCallErrorFields } from './mcp-call-error';

const name = 'McpToolError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The MCP server answered the call with `isError: true` (its text is the message) or with a JSON-RPC error. */
export class McpToolError extends McpCallError {
  private readonly [symbol] = true;
  constructor(fields: McpCallErrorFields) {
    super({ ...fields, name, code: ErrorCode.MCP_TOOL_ERROR });
  }

  static override isInstance(error: unknown): error is McpToolError {
    return McpCallError.hasMarker(error, marker);
  }
}
