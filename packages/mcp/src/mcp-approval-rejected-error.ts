import { ErrorCode } from '@agent-runtime/core';
import { McpCallError, type McpCallErrorFields } from './mcp-call-error';

const name = 'McpApprovalRejectedError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The approval the call asked for was rejected, expired or cancelled: the tool did not run. */
export class McpApprovalRejectedError extends McpCallError {
  private readonly [symbol] = true;
  constructor(fields: McpCallErrorFields) {
    super({ ...fields, name, code: ErrorCode.MCP_APPROVAL_REJECTED });
  }

  static override isInstance(error: unknown): error is McpApprovalRejectedError {
    return McpCallError.hasMarker(error, marker);
  }
}
