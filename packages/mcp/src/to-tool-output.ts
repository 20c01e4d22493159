import type { ToolContext } from '@agent-runtime/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { McpToolError } from './mcp-tool-error';
import { isMediaPart, storeMediaPart } from './media-artifact';

type ContentPart = CallToolResult['content'][number];

/**
 * What the model is told a call returned. Image and audio parts become artifacts of the job and the model
 * gets a text reference to each instead of the base64 bytes. Then: the text when every part is text,
 * otherwise `{ content, structuredContent? }`. A result with `isError: true` throws McpToolError carrying
 * the server's text.
 */
export async function toToolOutput(
  result: CallToolResult,
  names: { serverName: string; toolName: string },
  toolContext: ToolContext,
): Promise<unknown> {
  const received = result.content ?? [];
  if (result.isError === true) {
    const text = textOf(received);
    throw new McpToolError({ ...names, message: text || `MCP tool ${names.toolName} reported an error` });
  }
  const content = await withMediaStored(received, names, toolContext);
  if (result.structuredContent === undefined && content.every((part) => part.type === 'text'))
    return textOf(content);
  return {
    content,
    ...(result.structuredContent === undefined ? {} : { structuredContent: result.structuredContent }),
  };
}

async function withMediaStored(
  content: readonly ContentPart[],
  names: { serverName: string; toolName: string },
  toolContext: ToolContext,
): Promise<ContentPart[]> {
  const parts: ContentPart[] = [];
  let ordinal = 0;
  for (const part of content)
    parts.push(isMediaPart(part) ? await storeMediaPart(part, ++ordinal, names, toolContext) : part);
  return parts;
}

function textOf(content: readonly ContentPart[]): string {
  return content
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .join('\n')
    .trim();
}
