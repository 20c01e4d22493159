import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** Test helper: what a spec-compliant SSE client makes of a stream of text chunks. */
export function parseSSE(chunks: Iterable<string>): {
  events: EventSourceMessage[];
  comments: string[];
  retries: number[];
} {
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createParser({
    onEvent: (event) => events.push(event),
    onComment: (comment) => comments.push(comment),
    onRetry: (retry) => retries.push(retry),
    onError: (error) => {
      throw error;
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  return { events, comments, retries };
}
