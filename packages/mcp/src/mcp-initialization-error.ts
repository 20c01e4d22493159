import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'McpInitializationError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** The MCP server `serverName` could not be started, did not answer `initialize` in time, or listed no tools. */
export class McpInitializationError extends AgentRuntimeError<typeof ErrorCode.MCP_INITIALIZATION_FAILED> {
  private readonly [symbol] = true;
  readonly serverName: string;
  constructor({ serverName, reason, cause }: { serverName: string; reason: string; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.MCP_INITIALIZATION_FAILED,
      message: `MCP server ${serverName} failed to initialize: ${reason}`,
      cause,
    });
    this.serverName = serverName;
  }

  static override isInstance(error: unknown): error is McpInitializationError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
