import type { ToolContext } from '@agent-runtime/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

type ContentPart = CallToolResult['content'][number];
export type MediaPart = Extract<ContentPart, { type: 'image' | 'audio' }>;
export type TextPart = Extract<ContentPart, { type: 'text' }>;

export function isMediaPart(part: ContentPart): part is MediaPart {
  return part.type === 'image' || part.type === 'audio';
}

/**
 * Stores an image or audio part as an artifact of the job (`content` = the base64 data, `mimeType` kept,
 * `metadata.encoding: 'base64'`) and returns the text part the model gets instead of the bytes.
 */
export async function storeMediaPart(
  part: MediaPart,
  ordinal: number,
  names: { serverName: string; toolName: string },
  toolContext: ToolContext,
): Promise<TextPart> {
  const byteLength = Buffer.byteLength(part.data, 'base64');
  const artifact = await toolContext.createArtifact({
    name: `${names.toolName}-${part.type}-${ordinal}`,
    mimeType: part.mimeType,
    content: part.data,
    metadata: { mcpServer: names.serverName, toolName: names.toolName, encoding: 'base64', byteLength },
  });
  return {
    type: 'text',
    text: `[${part.type} ${part.mimeType}, ${byteLength} bytes, stored as artifact ${artifact.artifactId}]`,
  };
}
