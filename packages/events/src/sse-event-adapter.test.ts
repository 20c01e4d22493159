import { ManualClock, REDACTED, RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { InMemoryEventBus } from './in-memory-event-bus';
import { SSEEventAdapter } from './sse-event-adapter';
import { parseSSE } from './sse-test-parser';

const event = (n: number, init: Partial<ConstructorParameters<typeof RuntimeEvent>[0]> = {}) =>
  new RuntimeEvent({ type: RuntimeEventType.PROGRESS, eventId: `evt-${n}`, data: { progress: n }, ...init });

/** Takes `count` frames from a connection, then closes it. */
async function take(frames: AsyncGenerator<string>, count: number): Promise<string[]> {
  const out: string[] = [];
  if (count === 0) {
    await frames.return(undefined);
    return out;
  }
  for await (const frame of frames) {
    out.push(frame);
    if (out.length === count) break;
  }
  return out;
}

const noHeartbeat = { heartbeatIntervalMs: 0 };

describe('SSEEventAdapter', () => {
  it('frames each event as id, event type and the event JSON', async () => {
    const adapter = new SSEEventAdapter(noHeartbeat);
    const frames = adapter.events();
    const original = event(1, { jobId: 'job-1', scopeId: 'tenant-a' });
    await adapter.adapt(original);
    const { events } = parseSSE(await take(frames, 1));
    expect(events).toEqual([{ id: 'evt-1', event: 'progress', data: JSON.stringify(original.toJSON()) }]);
    expect(RuntimeEvent.fromJSON(JSON.parse(events[0]!.data))).toEqual(original);
  });

  it('never sends a resume token: action.required data is redacted', async () => {
    const adapter = new SSEEventAdapter(noHeartbeat);
    const frames = adapter.events();
    const token = 'rt_secret_0123456789abcdef';
    await adapter.adapt(
      new RuntimeEvent({
        type: RuntimeEventType.ACTION_REQUIRED,
        jobId: 'job-1',
        data: {
          actionId: 'act-1',
          actionType: 'approval',
          payload: { nested: { resume_token: token } },
          resumeToken: token,
        },
      }),
    );
    const [frame] = await take(frames, 1);
    expect(frame).not.toContain(token);
    const data = JSON.parse(parseSSE([frame!]).events[0]!.data).data;
    expect(data.resumeToken).toBe(REDACTED);
    expect(data.payload.nested.resume_token).toBe(REDACTED);
    expect(data.actionId).toBe('act-1');
    // and a resume from history replays the redacted frame only
    const replayed = await take(adapter.events({ lastEventId: 'unknown' }), 1);
    expect(replayed.join('')).not.toContain(token);
  });

  it('filters each connection by job, scope and event types', async () => {
    const adapter = new SSEEventAdapter(noHeartbeat);
    const byJob = adapter.events({ jobId: 'job-1' });
    const byScope = adapter.events({ scopeId: 'tenant-b' });
    const byType = adapter.events({ eventTypes: [RuntimeEventType.JOB_COMPLETED] });
    await adapter.adapt(event(1, { jobId: 'job-1', scopeId: 'tenant-a' }));
    await adapter.adapt(event(2, { jobId: 'job-2', scopeId: 'tenant-b' }));
    await adapter.adapt(
      event(3, { jobId: 'job-1', scopeId: 'tenant-b', type: RuntimeEventType.JOB_COMPLETED }),
    );
    await adapter.stop();
    const idsOf = async (frames: AsyncGenerator<string>) =>
      parseSSE(await take(frames, 99)).events.map((e) => e.id);
    expect(await idsOf(byJob)).toEqual(['evt-1', 'evt-3']);
    expect(await idsOf(byScope)).toEqual(['evt-2', 'evt-3']);
    expect(await idsOf(byType)).toEqual(['evt-3']);
  });

  it('takes only the bus events matching its own filter', async () => {
    const bus = new InMemoryEventBus();
    const adapter = new SSEEventAdapter({ ...noHeartbeat, bus, filter: { scopeId: 'tenant-a' } });
    await adapter.start();
    await adapter.start(); // idempotent: one subscription
    expect(bus.subscriptionCount).toBe(1);
    const frames = adapter.events();
    await bus.publish(event(1, { scopeId: 'tenant-b' }));
    await bus.publish(event(2, { scopeId: 'tenant-a' }));
    await bus.drain();
    await adapter.stop();
    expect(bus.subscriptionCount).toBe(0);
    expect(parseSSE(await take(frames, 99)).events.map((e) => e.id)).toEqual(['evt-2']);
  });

  it('resumes after Last-Event-ID, then continues live', async () => {
    const adapter = new SSEEventAdapter(noHeartbeat);
    for (let n = 1; n <= 4; n++) await adapter.adapt(event(n, { jobId: n === 3 ? 'job-2' : 'job-1' }));
    const frames = adapter.events({ lastEventId: 'evt-1', jobId: 'job-1' });
    await adapter.adapt(event(5, { jobId: 'job-1' }));
    expect(parseSSE(await take(frames, 3)).events.map((e) => e.id)).toEqual(['evt-2', 'evt-4', 'evt-5']);
    expect(adapter.connectionCount).toBe(0);
  });

  it('replays everything it holds when the Last-Event-ID is no longer retained', async () => {
    const adapter = new SSEEventAdapter({ ...noHeartbeat, historySize: 2 });
    for (let n = 1; n <= 4; n++) await adapter.adapt(event(n));
    const frames = adapter.events({ lastEventId: 'evt-1' });
    await adapter.stop();
    expect(parseSSE(await take(frames, 99)).events.map((e) => e.id)).toEqual(['evt-3', 'evt-4']);
  });

  it('replays nothing on a first connection, and nothing with historySize 0', async () => {
    const adapter = new SSEEventAdapter({ ...noHeartbeat, historySize: 0 });
    await adapter.adapt(event(1));
    const first = adapter.events();
    const resumed = adapter.events({ lastEventId: 'evt-0' });
    await adapter.stop();
    expect(await take(first, 99)).toEqual([]);
    expect(await take(resumed, 99)).toEqual([]);
  });

  it('sends a heartbeat comment after each silent interval, and none while frames flow', async () => {
    const clock = new ManualClock();
    const adapter = new SSEEventAdapter({ heartbeatIntervalMs: 1000, clock });
    const frames = adapter.events();
    const received: string[] = [];
    const reading = (async () => {
      for await (const frame of frames) received.push(frame);
    })();
    const sleeping = async () => {
      while (clock.pendingSleeps === 0) await new Promise((resolve) => setImmediate(resolve));
    };
    await sleeping();
    await clock.advance(999);
    expect(received).toEqual([]);
    await clock.advance(1);
    expect(received).toEqual([': heartbeat\n\n']);
    await sleeping();
    await clock.advance(500);
    await adapter.adapt(event(1)); // the silence timer restarts from here
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(999);
    expect(parseSSE(received).events.map((e) => e.id)).toEqual(['evt-1']);
    expect(parseSSE(received).comments).toEqual(['heartbeat']);
    await clock.advance(1);
    expect(parseSSE(received).comments).toEqual(['heartbeat', 'heartbeat']);
    await adapter.stop();
    await reading;
    expect(clock.pendingSleeps).toBe(0);
  });

  it('starts each connection with retry: when retryMs is set', async () => {
    const adapter = new SSEEventAdapter({ ...noHeartbeat, retryMs: 2500 });
    const frames = adapter.events();
    await adapter.stop();
    expect(parseSSE(await take(frames, 99)).retries).toEqual([2500]);
  });

  it('ends a connection when its signal aborts', async () => {
    const adapter = new SSEEventAdapter(noHeartbeat);
    const controller = new AbortController();
    const frames = adapter.events({ signal: controller.signal });
    const pending = frames.next();
    controller.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(adapter.connectionCount).toBe(0);
    const aborted = adapter.events({ signal: AbortSignal.abort() });
    expect(await aborted.next()).toEqual({ value: undefined, done: true });
  });

  it('drops the oldest frames of a connection that falls maxQueueSize behind', async () => {
    const adapter = new SSEEventAdapter({ ...noHeartbeat, maxQueueSize: 2 });
    const frames = adapter.events();
    for (let n = 1; n <= 5; n++) await adapter.adapt(event(n));
    await adapter.stop();
    expect(parseSSE(await take(frames, 99)).events.map((e) => e.id)).toEqual(['evt-4', 'evt-5']);
  });

  it('rejects bad options, connections and events with a ValidationError naming the field', async () => {
    expect(() => new SSEEventAdapter({ historySize: -1 })).toThrow(
      expect.objectContaining({ field: 'options.historySize' }),
    );
    expect(() => new SSEEventAdapter({ bus: {} as never })).toThrow(
      expect.objectContaining({ field: 'options.bus' }),
    );
    const adapter = new SSEEventAdapter();
    expect(() => adapter.events({ jobId: '' })).toThrow(expect.objectContaining({ field: 'options.jobId' }));
    await expect(adapter.adapt({} as never)).rejects.toMatchObject({ field: 'event' });
    expect(adapter.connectionCount).toBe(0);
  });
});
