import { ManualClock, RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { WebhookDeliveryError } from './webhook-delivery-error';
import { WebhookEventAdapter } from './webhook-event-adapter';

const SECRET = `whsec_${Buffer.from('a-very-secret-key-of-32-bytes!!!').toString('base64')}`;
const event = (n: number, init: Partial<ConstructorParameters<typeof RuntimeEvent>[0]> = {}) =>
  new RuntimeEvent({ type: RuntimeEventType.PROGRESS, eventId: `evt-${n}`, data: { progress: n }, ...init });

interface Call {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A scripted fetch: each call gets the next response (a status, a thrown error, or a Response). */
function scriptedFetch(script: (number | Error | Response)[], fallback = 200) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(url),
      headers: init?.headers as Record<string, string>,
      body: String(init?.body),
    });
    const step = script.shift() ?? fallback;
    if (step instanceof Error) throw step;
    return step instanceof Response ? step : new Response(null, { status: step });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

/** Runs the adapter's retry sleeps on the manual clock until nothing is pending. */
async function settle(adapter: WebhookEventAdapter, clock: ManualClock): Promise<void> {
  const stopped = adapter.stop();
  let done = false;
  void stopped.then(() => {
    done = true;
  });
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    if (clock.pendingSleeps > 0) await clock.advance(60_000);
  }
}

describe('WebhookEventAdapter', () => {
  it('POSTs the redacted event as JSON with Standard Webhooks headers that an independent verifier accepts', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const { fetch, calls } = scriptedFetch([]);
    const adapter = new WebhookEventAdapter({
      webhookUrl: 'https://example.com/webhook',
      headers: { Authorization: 'Bearer token' },
      secret: SECRET,
      fetch,
      clock,
    });
    await adapter.adapt(
      event(1, {
        type: RuntimeEventType.ACTION_REQUIRED,
        data: { actionId: 'a1', actionType: 'approval', payload: {}, resumeToken: 'rt_secret' },
      }),
    );
    await adapter.stop();
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe('https://example.com/webhook');
    expect(call!.headers).toMatchObject({
      Authorization: 'Bearer token',
      'content-type': 'application/json',
      'webhook-id': 'evt-1',
      'webhook-timestamp': String(Date.UTC(2026, 0, 1, 12) / 1000),
    });
    expect(call!.body).not.toContain('rt_secret');
    expect(JSON.parse(call!.body).data.resumeToken).toBe('[redacted]');
    vi.useFakeTimers({ now: clock.now(), toFake: ['Date'] });
    try {
      expect(new Webhook(SECRET).verify(call!.body, call!.headers)).toMatchObject({ eventId: 'evt-1' });
      expect(() => new Webhook(SECRET).verify(`${call!.body} `, call!.headers)).toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends no signature without a secret', async () => {
    const { fetch, calls } = scriptedFetch([]);
    const adapter = new WebhookEventAdapter({ webhookUrl: 'http://127.0.0.1:1/hook', fetch });
    await adapter.adapt(event(1));
    await adapter.stop();
    expect(calls[0]!.headers['webhook-signature']).toBeUndefined();
    expect(calls[0]!.headers['webhook-id']).toBe('evt-1');
  });

  it('retries network errors, 5xx and 429 with growing backoff, keeping the webhook-id', async () => {
    const clock = new ManualClock();
    const { fetch, calls } = scriptedFetch([new TypeError('fetch failed'), 500, 503, 429]);
    const sleep = vi.spyOn(clock, 'sleep');
    const adapter = new WebhookEventAdapter({
      webhookUrl: 'https://example.com/hook',
      retry: { initialDelayMs: 100, maxDelayMs: 10_000 },
      random: () => 0,
      fetch,
      clock,
    });
    await adapter.adapt(event(1));
    await settle(adapter, clock);
    expect(calls).toHaveLength(5);
    expect(new Set(calls.map((c) => c.headers['webhook-id']))).toEqual(new Set(['evt-1']));
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([50, 100, 200, 400]);
  });

  it("honours a 429's Retry-After", async () => {
    const clock = new ManualClock();
    const tooMany = new Response(null, { status: 429, headers: { 'Retry-After': '7' } });
    const { fetch, calls } = scriptedFetch([tooMany]);
    const adapter = new WebhookEventAdapter({ webhookUrl: 'https://example.com/hook', fetch, clock });
    await adapter.adapt(event(1));
    while (clock.pendingSleeps === 0) await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(6999);
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    await adapter.stop();
    expect(calls).toHaveLength(2);
  });

  it('never retries other 4xx, reports the failure and goes on with the next event', async () => {
    const onDeliveryFailed = vi.fn();
    const { fetch, calls } = scriptedFetch([400, 200]);
    const adapter = new WebhookEventAdapter({
      webhookUrl: 'https://example.com/hook',
      fetch,
      onDeliveryFailed,
    });
    await adapter.adapt(event(1));
    await adapter.adapt(event(2));
    await adapter.stop();
    expect(calls.map((c) => c.headers['webhook-id'])).toEqual(['evt-1', 'evt-2']);
    expect(onDeliveryFailed).toHaveBeenCalledTimes(1);
    const [error, failed] = onDeliveryFailed.mock.calls[0]!;
    expect(WebhookDeliveryError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'WEBHOOK_DELIVERY_FAILED',
      status: 400,
      attempts: 1,
      eventId: 'evt-1',
    });
    expect(failed.eventId).toBe('evt-1');
  });

  it('gives up after maxAttempts and says why', async () => {
    const clock = new ManualClock();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { fetch, calls } = scriptedFetch([], 502);
    const adapter = new WebhookEventAdapter({
      webhookUrl: 'https://example.com/hook',
      retry: { maxAttempts: 3 },
      fetch,
      clock,
    });
    await adapter.adapt(event(1));
    await settle(adapter, clock);
    expect(calls).toHaveLength(3);
    expect(log).toHaveBeenCalledWith('webhook delivery of event evt-1 failed after 3 attempt(s): HTTP 502');
    log.mockRestore();
  });

  it('bounds its queue: adapt waits for room while maxQueueSize events are waiting', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const delivered: string[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      await held;
      delivered.push(JSON.parse(String(init.body)).eventId);
      return new Response(null, { status: 204 });
    }) as unknown as typeof globalThis.fetch;
    const adapter = new WebhookEventAdapter({
      webhookUrl: 'https://example.com/hook',
      maxQueueSize: 1,
      fetch,
    });
    await adapter.adapt(event(1)); // in flight
    await adapter.adapt(event(2)); // queued
    let thirdQueued = false;
    const third = adapter.adapt(event(3)).then(() => {
      thirdQueued = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(thirdQueued).toBe(false);
    expect(adapter.pending).toBe(2);
    release();
    await third;
    await adapter.stop();
    expect(delivered).toEqual(['evt-1', 'evt-2', 'evt-3']);
    expect(adapter.pending).toBe(0);
  });

  it('rejects bad options and events with a ValidationError naming the field', async () => {
    expect(() => new WebhookEventAdapter({ webhookUrl: 'ftp://x' })).toThrow(
      expect.objectContaining({ field: 'options.webhookUrl' }),
    );
    expect(() => new WebhookEventAdapter({ webhookUrl: 'https://x', secret: 'not base64!' })).toThrow(
      expect.objectContaining({ field: 'options.secret' }),
    );
    expect(() => new WebhookEventAdapter({ webhookUrl: 'https://x', retry: { maxAttempts: 0 } })).toThrow(
      expect.objectContaining({ field: 'options.retry.maxAttempts' }),
    );
    const adapter = new WebhookEventAdapter({ webhookUrl: 'https://x' });
    await expect(adapter.adapt('event' as never)).rejects.toMatchObject({ field: 'event' });
    expect(adapter.pending).toBe(0);
  });
});
