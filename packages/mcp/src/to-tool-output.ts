import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { McpToolError } from './mcp-tool-error';

type ContentPart = CallToolResult['content'][number];

/**
 * What the model is told a call returned: the text when the server answered only text, otherwise
 * `{ content, structuredContent? }` with every part (images keep their base64 `data` and `mimeType`).
 * A result with `isError: true` throws McpToolError carrying the server's text.
 */
export function toToolOutput(
  result: CallToolResult,
  names: { serverName: string; toolName: string },
): unknown {
  const content = result.content ?? [];
  if (result.isError === true) {
    const text = textOf(content);
    throw new McpToolError({ ...names, message: text || `MCP tool ${names.toolName} reported an error` });
  }
  if (result.structuredContent === undefined && content.every((part) => part.type === 'text'))
    return textOf(content);
  return {
    content,
    ...(result.structuredContent === undefined ? {} : { structuredContent: result.structuredContent }),
  };
}

function textOf(content: readonly ContentPart[]): string {
  return content
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .join('\n')
    .trim();
}
