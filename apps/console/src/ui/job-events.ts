import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { RuntimeEventView } from './api-types';

export interface FollowOptions {
  /** The request headers of each connection (the API key). */
  headers(): Record<string, string>;
  onEvent(event: RuntimeEventView): void;
  /** The stream ended after the job's final event. */
  onEnd(): void;
  onError(error: unknown): void;
  signal: AbortSignal;
  /** Wait before reconnecting after a dropped connection. @default 1000 */
  retryMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Follows `GET /v1/jobs/:id/events` (`url`). `EventSource` cannot send the `Authorization` header, so this reads the
 * stream with `fetch` and `eventsource-parser`; after a dropped connection it reconnects with `Last-Event-ID`
 * (the seq of the last event it got), so every event arrives once.
 */
export async function followJobEvents(url: string, options: FollowOptions): Promise<void> {
  const fetchEvents = options.fetch ?? globalThis.fetch;
  let lastEventId: string | undefined;
  while (!options.signal.aborted) {
    try {
      const response = await fetchEvents(url, {
        headers: {
          ...options.headers(),
          accept: 'text/event-stream',
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        signal: options.signal,
      });
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      const frames = response.body
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream());
      for await (const frame of frames) {
        if (frame.id) lastEventId = frame.id;
        options.onEvent({ ...JSON.parse(frame.data), seq: Number(frame.id) });
      }
      options.onEnd();
      return;
    } catch (error) {
      if (options.signal.aborted) return;
      options.onError(error);
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 1000));
    }
  }
}
