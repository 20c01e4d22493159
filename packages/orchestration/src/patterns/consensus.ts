import { contentText } from '../context/content-text';

/**
 * A debater's position: the text after its last `POSITION:` line marker when it has one, else its whole answer;
 * lower-cased, whitespace collapsed, trailing punctuation removed.
 */
export function positionOf(content: unknown): string {
  const text = contentText(content);
  const marker = /position:\s*/gi;
  let start = -1;
  for (let match = marker.exec(text); match; match = marker.exec(text)) start = match.index + match[0].length;
  const position = start >= 0 ? text.slice(start) : text;
  return position
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?;,:\s]+$/, '');
}

/** The default consensus test: every debater of the round holds the same (normalized) position. */
export function samePosition(positions: readonly string[]): boolean {
  return positions.length > 0 && positions.every((p) => p === positions[0]);
}
