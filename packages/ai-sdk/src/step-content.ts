import type { ContentPart, ProviderMetadata, ToolSet } from 'ai';

type TextLikePart = Extract<ContentPart<ToolSet>, { type: 'text' | 'reasoning' }>;

/**
 * A model step's content in stream order, as the AI SDK builds it: a text or reasoning part per stream id,
 * its deltas appended, the latest provider metadata kept (it carries item ids a provider needs back).
 */
export class StepContent {
  readonly parts: ContentPart<ToolSet>[] = [];
  private readonly open = new Map<string, TextLikePart>();

  appendText(
    type: 'text' | 'reasoning',
    id: string,
    delta: string,
    providerMetadata: ProviderMetadata | undefined,
  ): void {
    const key = `${type}:${id}`;
    let part = this.open.get(key);
    if (part === undefined) {
      part = { type, text: '' } as TextLikePart;
      this.open.set(key, part);
      this.parts.push(part);
    }
    part.text += delta;
    if (providerMetadata !== undefined) part.providerMetadata = providerMetadata;
  }

  /** A `text-end` / `reasoning-end`: the id may be reused by a later part. */
  close(type: 'text' | 'reasoning', id: string, providerMetadata: ProviderMetadata | undefined): void {
    this.appendText(type, id, '', providerMetadata);
    this.open.delete(`${type}:${id}`);
  }

  push(part: ContentPart<ToolSet>): void {
    this.parts.push(part);
  }
}
