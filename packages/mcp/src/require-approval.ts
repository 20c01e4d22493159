import { ActionCancelledError, ActionExpiredError, type ToolContext } from '@agent-runtime/core';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { McpApprovalRejectedError } from './mcp-approval-rejected-error';
import type { McpApproval } from './mcp-plugin-options';

/** Whether this call asks a human first, per the plugin's `approval` option. */
export async function needsApproval(
  approval: McpApproval,
  tool: Tool,
  input: Record<string, unknown>,
  toolContext: ToolContext,
): Promise<boolean> {
  if (approval === 'always') return true;
  if (approval === 'never') return false;
  if (approval === 'unless-read-only') return tool.annotations?.readOnlyHint !== true;
  return (await approval(tool, input, toolContext)) === true;
}

/**
 * Asks for an `approval` action bound to this tool call (the job waits in `waiting_action`); returns when it is
 * approved (`resolution.approved === true`), throws McpApprovalRejectedError otherwise: the tool does not run.
 */
export async function requireApproval(
  toolContext: ToolContext,
  call: { serverName: string; toolName: string; tool: Tool; input: Record<string, unknown> },
): Promise<void> {
  const { serverName, toolName, tool, input } = call;
  const names = { serverName, toolName };
  let resolution: Readonly<Record<string, unknown>> | undefined;
  try {
    const action = await toolContext.requireAction({
      type: 'approval',
      payload: {
        toolName,
        mcpServer: serverName,
        mcpTool: tool.name,
        input,
        ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
        reason: `MCP tool ${tool.name} of server ${serverName} is not marked read-only`,
      },
    });
    resolution = action.resolution;
  } catch (error) {
    const notGiven = ActionExpiredError.isInstance(error) || ActionCancelledError.isInstance(error);
    if (!notGiven || toolContext.signal.aborted) throw error;
    throw new McpApprovalRejectedError({
      ...names,
      message: `approval not given: ${error.message}`,
      cause: error,
    });
  }
  if (resolution?.approved === true) return;
  const reason = typeof resolution?.reason === 'string' ? `: ${resolution.reason}` : '';
  throw new McpApprovalRejectedError({ ...names, message: `approval rejected${reason}` });
}
