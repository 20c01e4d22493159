import { ErrorCode, ToolExecutionError } from '@agent-runtime/core';

const baseName = 'McpCallError';
const marker = `agent-runtime.error.${baseName}`;
const symbol = Symbol.for(marker);

export interface McpCallErrorFields {
  serverName: string;
  /** The prefixed name the model called. */
  toolName: string;
  message: string;
  cause?: unknown;
}

/** Base of the errors that fail one call of an MCP tool (the model is told them); names the server. */
export class McpCallError extends ToolExecutionError {
  private readonly [symbol] = true;
  readonly serverName: string;
  constructor({
    serverName,
    name = baseName,
    code = ErrorCode.MCP_CALL_FAILED,
    ...fields
  }: McpCallErrorFields & { name?: string; code?: ErrorCode }) {
    super({ ...fields, name, code });
    this.serverName = serverName;
  }

  static override isInstance(error: unknown): error is McpCallError {
    return ToolExecutionError.hasMarker(error, marker);
  }
}
