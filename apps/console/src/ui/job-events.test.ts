import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleDemo, DEMO_SCOPE, startConsoleDemo } from '../demo/console-demo';
import { STATUS_PROMPT } from '../demo/demo-agent';
import type { RuntimeEventView } from './api-types';
import { followJobEvents } from './job-events';

let demo: ConsoleDemo;
beforeAll(async () => {
  demo = await startConsoleDemo({ port: 0, seed: false });
});
afterAll(() => demo?.close());

/** Follows the job's events to their end; `fetch` lets a test cut connections. */
async function collect(jobId: string, fetch: typeof globalThis.fetch = globalThis.fetch) {
  const events: RuntimeEventView[] = [];
  const errors: unknown[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the stream did not end within 15 s')), 15_000);
    void followJobEvents(`${demo.url}/v1/jobs/${jobId}/events`, {
      headers: () => ({ authorization: `Bearer ${demo.apiKey}` }),
      signal: AbortSignal.timeout(20_000),
      retryMs: 10,
      fetch,
      onEvent: (event) => events.push(event),
      onEnd: () => {
        clearTimeout(timer);
        resolve();
      },
      onError: (error) => errors.push(error),
    });
  });
  return { events, errors };
}

/** A fetch whose first `cuts` event-stream responses fail after their first chunk, as a dropped connection. */
function droppingFetch(cuts: number) {
  const lastEventIds: (string | null)[] = [];
  const fetchWithDrops: typeof fetch = async (input, init) => {
    lastEventIds.push(new Headers(init?.headers).get('last-event-id'));
    const response = await fetch(input, init);
    if (lastEventIds.length > cuts || !response.body) return response;
    const reader = response.body.getReader();
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent) {
          await reader.cancel();
          controller.error(new Error('connection dropped'));
          return;
        }
        const { value, done } = await reader.read();
        sent = true;
        if (done) controller.close();
        else controller.enqueue(value);
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { fetch: fetchWithDrops, lastEventIds };
}

describe('followJobEvents', () => {
  it('reconnects after dropped connections with Last-Event-ID and gets every event once, in order', async () => {
    const handle = await demo.kernel.forScope(DEMO_SCOPE).execute({ prompt: STATUS_PROMPT });
    const dropping = droppingFetch(3);
    const cut = await collect(handle.jobId, dropping.fetch);
    const whole = await collect(handle.jobId);

    expect(cut.errors).toHaveLength(3);
    expect(dropping.lastEventIds[0]).toBeNull();
    // each reconnection asked for the events after the last one it had
    for (let i = 1; i < dropping.lastEventIds.length; i++) {
      expect(Number(dropping.lastEventIds[i])).toBeGreaterThan(0);
    }
    const seqs = cut.events.map((e) => e.seq);
    expect(seqs).toEqual(whole.events.map((e) => e.seq));
    expect(new Set(cut.events.map((e) => e.eventId)).size).toBe(cut.events.length);
    expect(seqs).toEqual([...seqs].sort((a = 0, b = 0) => a - b));
    expect(cut.events.at(-1)?.type).toBe(whole.events.at(-1)?.type);
    expect(whole.events.some((e) => e.type === 'tool.end')).toBe(true);
  });
});
