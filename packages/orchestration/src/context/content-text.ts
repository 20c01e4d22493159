/** An operator's content as prompt text: strings as they are, anything else as JSON. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content === undefined) return '';
  return JSON.stringify(content);
}
