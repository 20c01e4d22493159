import { defineTool, type JsonValue, type RuntimeTool, type ToolContext } from '@agent-runtime/core';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { jsonSchemaInput } from './json-schema-input';

/** Characters a provider tool name may not contain (MCP names may have `.` or `/`). */
const NOT_IN_TOOL_NAMES = /[^a-zA-Z0-9_-]/g;

export type McpToolRunner = (
  call: { tool: Tool; toolName: string; input: Record<string, unknown> },
  toolContext: ToolContext,
) => Promise<unknown>;

/**
 * The RuntimeTool for one MCP tool: named `<prefix><tool>`, described as the server describes it, its input
 * checked by ajv against the tool's JSON Schema, and `metadata` = `{ mcpServer, mcpTool, annotations? }`.
 */
export function toRuntimeTool(
  tool: Tool,
  { serverName, prefix, run }: { serverName: string; prefix: string; run: McpToolRunner },
): RuntimeTool<Record<string, unknown>, unknown> {
  const toolName = `${prefix}${tool.name.replace(NOT_IN_TOOL_NAMES, '_')}`;
  return defineTool({
    name: toolName,
    description: tool.description || tool.annotations?.title || tool.title || tool.name,
    inputSchema: jsonSchemaInput(tool.inputSchema),
    metadata: {
      mcpServer: serverName,
      mcpTool: tool.name,
      ...(tool.annotations === undefined ? {} : { annotations: tool.annotations as JsonValue }),
    },
    execute: (input, toolContext) => run({ tool, toolName, input }, toolContext),
  });
}
