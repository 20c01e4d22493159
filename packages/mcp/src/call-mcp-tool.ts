import { type ToolContext, ToolExecutionError } from '@agent-runtime/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpConnection } from './mcp-connection';
import { McpConnectionLostError } from './mcp-connection-lost-error';
import type { ParsedMcpPluginOptions } from './mcp-plugin-options';
import { McpToolError } from './mcp-tool-error';
import { McpToolTimeoutError } from './mcp-tool-timeout-error';
import { needsApproval, requireApproval } from './require-approval';
import { toToolOutput } from './to-tool-output';

export interface McpToolCall {
  readonly tool: Tool;
  /** The prefixed name the model and the kernel know. */
  readonly toolName: string;
  readonly input: Record<string, unknown>;
}

/**
 * One call of an MCP tool inside a job: approval per the plugin's option, then `tools/call` under the job's
 * signal (cancelling sends `notifications/cancelled`) and `timeoutSeconds`. Failures that concern only this
 * call are ToolExecutionErrors, which the kernel tells the model.
 */
export async function callMcpTool(
  connection: McpConnection,
  options: ParsedMcpPluginOptions,
  call: McpToolCall,
  toolContext: ToolContext,
): Promise<unknown> {
  const names = { serverName: options.name, toolName: call.toolName };
  if (await needsApproval(options.approval, call.tool, call.input, toolContext))
    await requireApproval(toolContext, { ...names, tool: call.tool, input: call.input });
  const timeoutMs = options.timeoutSeconds * 1000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([toolContext.signal, timeout]);
  let client: Client | undefined;
  let result: CallToolResult;
  try {
    client = await connection.client(call.toolName, signal);
    result = (await client.callTool({ name: call.tool.name, arguments: call.input }, undefined, {
      signal,
      timeout: timeoutMs,
    })) as CallToolResult;
  } catch (error) {
    if (toolContext.signal.aborted) throw error;
    if (ToolExecutionError.isInstance(error)) throw error;
    if (timeout.aborted || (error instanceof McpError && error.code === ErrorCode.RequestTimeout)) {
      const message = `MCP tool ${call.tool.name} of server ${options.name} did not answer within ${options.timeoutSeconds} s`;
      throw new McpToolTimeoutError({ ...names, message, cause: error });
    }
    if (error instanceof McpError && error.code !== ErrorCode.ConnectionClosed)
      throw new McpToolError({ ...names, message: error.message, cause: error });
    if (client !== undefined) connection.lost(client);
    const message = `MCP server ${options.name} exited or disconnected during the call; its outcome is unknown (${messageOf(error)})`;
    throw new McpConnectionLostError({ ...names, message, cause: error });
  }
  return toToolOutput(result, names, toolContext);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
