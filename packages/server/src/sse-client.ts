// Test support (not exported): an SSE client over fetch that can stop after some events, as a browser tab closes.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { KeyName } from './test-kernel';

/**
 * Reads `url`'s event stream until it ends, or until `stopAfter` events have arrived (then disconnects).
 * Resolves to the events received and the response status.
 */
export async function readEvents(
  url: string,
  {
    key,
    lastEventId,
    stopAfter = Number.POSITIVE_INFINITY,
    timeoutMs = 15_000,
  }: { key: KeyName; lastEventId?: string; stopAfter?: number; timeoutMs?: number },
): Promise<{ status: number; events: EventSourceMessage[] }> {
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`readEvents: ${url} still open after ${timeoutMs} ms`)),
    timeoutMs,
  );
  const events: EventSourceMessage[] = [];
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${key}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) return { status: response.status, events };
    const parser = createParser({ onEvent: (event) => events.push(event) });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    while (events.length < stopAfter) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    await reader.cancel();
    return { status: response.status, events: events.slice(0, stopAfter) };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
