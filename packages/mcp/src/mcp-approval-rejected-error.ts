import { ToolExecutionError } from '@agent-runtime/core';

const name = 'McpApprovalRejectedError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The approval the call asked for was rejected, expired or cancelled: the tool did not run. */
export class McpApprovalRejectedError extends ToolExecutionError {
  private readonly [symbol] = true;
  readonly serverName: string;
  constructor({
    serverName,
    toolName,
    message,
    cause,
  }: { serverName: string; toolName: string; message: string; cause?: unknown }) {
    super({ name, code: 'MCP_APPROVAL_REJECTED', toolName, message, cause });
    this.serverName = serverName;
  }

  static override isInstance(error: unknown): error is McpApprovalRejectedError {
    return ToolExecutionError.hasMarker(error, marker);
  }
}
