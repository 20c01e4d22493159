import {
  type AnyRuntimeEvent,
  REDACTED,
  RuntimeEvent,
  RuntimeEventType,
  ValidationError,
} from '@agent-runtime/core';
import { describe, expect, it, vi } from 'vitest';
import { EventBusClosedError } from './event-bus-closed-error';
import { InMemoryEventBus } from './in-memory-event-bus';

const event = (n: number, init: Partial<ConstructorParameters<typeof RuntimeEvent>[0]> = {}) =>
  new RuntimeEvent({ type: RuntimeEventType.PROGRESS, eventId: `evt-${n}`, data: { progress: n }, ...init });

const ids = (events: RuntimeEvent[]) => events.map((e) => e.eventId);

/** A promise and its resolver, to hold a handler until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('InMemoryEventBus subscribe/publish', () => {
  it('delivers every event to every matching subscriber in publish order', async () => {
    const bus = new InMemoryEventBus();
    const fast: RuntimeEvent[] = [];
    const slow: RuntimeEvent[] = [];
    await bus.subscribe((e) => {
      fast.push(e);
    });
    await bus.subscribe(async (e) => {
      await new Promise((resolve) => setTimeout(resolve, (e.type === 'progress' ? e.data.progress : 0) % 3));
      slow.push(e);
    });
    for (let n = 0; n < 20; n++) await bus.publish(event(n));
    await bus.drain();
    const expected = Array.from({ length: 20 }, (_, n) => `evt-${n}`);
    expect(ids(fast)).toEqual(expected);
    expect(ids(slow)).toEqual(expected);
  });

  it('keeps call order for publishes made before the earlier ones resolved', async () => {
    const bus = new InMemoryEventBus();
    const seen: RuntimeEvent[] = [];
    await bus.subscribe(async (e) => {
      await new Promise((resolve) => setTimeout(resolve, (e.type === 'progress' ? e.data.progress : 0) % 3));
      seen.push(e);
    });
    await Promise.all(Array.from({ length: 20 }, (_, n) => bus.publish(event(n))));
    await bus.drain();
    expect(ids(seen)).toEqual(Array.from({ length: 20 }, (_, n) => `evt-${n}`));
  });

  it('filters by event types, job and scope', async () => {
    const bus = new InMemoryEventBus();
    const byType: string[] = [];
    const byJob: string[] = [];
    const byScope: string[] = [];
    await bus.subscribe((e) => void byType.push(e.eventId), { eventTypes: [RuntimeEventType.JOB_STARTED] });
    await bus.subscribe((e) => void byJob.push(e.eventId), { jobId: 'job-1' });
    await bus.subscribe((e) => void byScope.push(e.eventId), { scopeId: 'tenant-b' });
    await bus.publish(event(1, { type: RuntimeEventType.JOB_STARTED, jobId: 'job-1', scopeId: 'tenant-a' }));
    await bus.publish(event(2, { jobId: 'job-2', scopeId: 'tenant-b' }));
    await bus.publish(event(3, { jobId: 'job-1', scopeId: 'tenant-b' }));
    await bus.drain();
    expect(byType).toEqual(['evt-1']);
    expect(byJob).toEqual(['evt-1', 'evt-3']);
    expect(byScope).toEqual(['evt-2', 'evt-3']);
  });

  it('reports a throwing or rejecting handler and keeps delivering to it and to the others', async () => {
    const onHandlerError = vi.fn();
    const bus = new InMemoryEventBus({ onHandlerError });
    const healthy: string[] = [];
    const flaky: string[] = [];
    const throwing = await bus.subscribe((e) => {
      if (e.eventId === 'evt-1') throw new Error('sync boom');
      flaky.push(e.eventId);
    });
    await bus.subscribe(async (e) => {
      if (e.eventId === 'evt-2') throw new Error('async boom');
      healthy.push(e.eventId);
    });
    for (let n = 1; n <= 3; n++) await bus.publish(event(n));
    await bus.drain();
    expect(flaky).toEqual(['evt-2', 'evt-3']);
    expect(healthy).toEqual(['evt-1', 'evt-3']);
    expect(onHandlerError).toHaveBeenCalledTimes(2);
    expect(onHandlerError.mock.calls[0]?.[0]).toEqual(new Error('sync boom'));
    expect(onHandlerError.mock.calls[0]?.[1]).toMatchObject({ subscriptionId: throwing.id });
    expect(onHandlerError.mock.calls[0]?.[1].event.eventId).toBe('evt-1');
  });

  it('logs handler errors with console.error when no onHandlerError is given', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = new InMemoryEventBus();
    await bus.subscribe(() => {
      throw new Error('boom');
    });
    await bus.publish(event(1));
    await bus.drain();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('failed on progress'), new Error('boom'));
    log.mockRestore();
  });

  it('a hung handler blocks neither publish nor other subscribers', async () => {
    const bus = new InMemoryEventBus();
    const held = gate();
    const hung: string[] = [];
    const other: string[] = [];
    await bus.subscribe(async (e) => {
      hung.push(e.eventId);
      await held.opened;
    });
    await bus.subscribe((e) => void other.push(e.eventId));
    for (let n = 1; n <= 5; n++) await bus.publish(event(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(other).toEqual(['evt-1', 'evt-2', 'evt-3', 'evt-4', 'evt-5']);
    expect(hung).toEqual(['evt-1']);
    held.open();
    await bus.drain();
    expect(hung).toEqual(other);
  });

  it('drop_oldest: a subscriber that falls behind keeps the newest maxQueueSize events', async () => {
    const onOverflow = vi.fn();
    const bus = new InMemoryEventBus({ maxQueueSize: 3, onOverflow });
    const held = gate();
    const seen: string[] = [];
    const sub = await bus.subscribe(async (e) => {
      seen.push(e.eventId);
      await held.opened;
    });
    await bus.publish(event(1));
    await new Promise((resolve) => setImmediate(resolve)); // evt-1 is now in the handler, not the queue
    for (let n = 2; n <= 10; n++) await bus.publish(event(n));
    expect(sub.dropped).toBe(6);
    expect(onOverflow.mock.calls.map(([info]) => info.event.eventId)).toEqual([
      'evt-2',
      'evt-3',
      'evt-4',
      'evt-5',
      'evt-6',
      'evt-7',
    ]);
    expect(onOverflow.mock.calls[0]?.[0].subscriptionId).toBe(sub.id);
    held.open();
    await bus.drain();
    expect(seen).toEqual(['evt-1', 'evt-8', 'evt-9', 'evt-10']);
  });

  it('drop_newest: a subscriber that falls behind keeps the earliest events', async () => {
    const bus = new InMemoryEventBus({ maxQueueSize: 2, overflow: 'drop_newest' });
    const held = gate();
    const seen: string[] = [];
    const sub = await bus.subscribe(async (e) => {
      seen.push(e.eventId);
      await held.opened;
    });
    await bus.publish(event(1));
    await new Promise((resolve) => setImmediate(resolve));
    for (let n = 2; n <= 6; n++) await bus.publish(event(n));
    expect(sub.dropped).toBe(3);
    held.open();
    await bus.drain();
    expect(seen).toEqual(['evt-1', 'evt-2', 'evt-3']);
  });

  it('unsubscribe takes no more events, delivers those already queued, then resolves', async () => {
    const bus = new InMemoryEventBus();
    const held = gate();
    const seen: string[] = [];
    const sub = await bus.subscribe(async (e) => {
      seen.push(e.eventId);
      await held.opened;
    });
    await bus.publish(event(1));
    await bus.publish(event(2));
    let unsubscribed = false;
    const unsubscribing = sub.unsubscribe().then(() => {
      unsubscribed = true;
    });
    expect(bus.subscriptionCount).toBe(0);
    await bus.publish(event(3));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unsubscribed).toBe(false); // the handler still holds evt-1, evt-2 is queued
    held.open();
    await unsubscribing;
    expect(seen).toEqual(['evt-1', 'evt-2']);
    await sub.unsubscribe(); // idempotent
  });
});

describe('InMemoryEventBus stream', () => {
  it('yields matching events in order and ends on close after those already published', async () => {
    const bus = new InMemoryEventBus();
    const stream = bus.stream({ jobId: 'job-1' });
    await bus.publish(event(1, { jobId: 'job-1' }));
    await bus.publish(event(2, { jobId: 'job-2' }));
    await bus.publish(event(3, { jobId: 'job-1' }));
    await bus.close();
    const seen: RuntimeEvent[] = [];
    for await (const e of stream) seen.push(e);
    expect(ids(seen)).toEqual(['evt-1', 'evt-3']);
  });

  it('wakes a waiting consumer on publish and ends a waiting consumer on close', async () => {
    const bus = new InMemoryEventBus();
    const iterator = bus.stream()[Symbol.asyncIterator]();
    const first = iterator.next();
    await bus.publish(event(1));
    expect((await first).value?.eventId).toBe('evt-1');
    const second = iterator.next();
    await bus.close();
    expect(await second).toEqual({ value: undefined, done: true });
  });

  it('breaking out of the loop unsubscribes', async () => {
    const bus = new InMemoryEventBus();
    const stream = bus.stream();
    await bus.publish(event(1));
    await bus.publish(event(2));
    for await (const _ of stream) break;
    expect(bus.subscriptionCount).toBe(0);
  });

  it('ends when its signal aborts, before or during iteration', async () => {
    const bus = new InMemoryEventBus();
    const controller = new AbortController();
    const stream = bus.stream({}, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    const pending = iterator.next();
    controller.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(bus.subscriptionCount).toBe(0);

    const aborted = bus.stream({}, { signal: AbortSignal.abort() });
    expect(bus.subscriptionCount).toBe(0);
    expect(await aborted[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
  });

  it('applies the overflow policy to a slow stream consumer', async () => {
    const bus = new InMemoryEventBus({ maxQueueSize: 2 });
    const stream = bus.stream();
    for (let n = 1; n <= 5; n++) await bus.publish(event(n));
    await bus.close();
    const seen: RuntimeEvent[] = [];
    for await (const e of stream) seen.push(e);
    expect(ids(seen)).toEqual(['evt-4', 'evt-5']);
  });
});

describe('InMemoryEventBus close and validation', () => {
  it('refuses publish, subscribe and stream once closed', async () => {
    const bus = new InMemoryEventBus();
    await bus.close();
    expect(bus.isClosed).toBe(true);
    await expect(bus.publish(event(1))).rejects.toSatisfy(EventBusClosedError.isInstance);
    await expect(bus.subscribe(() => {})).rejects.toThrow('cannot subscribe: the event bus is closed');
    expect(() => bus.stream()).toThrow(EventBusClosedError);
  });

  it('close lets handlers finish what was already published; drain waits for them', async () => {
    const bus = new InMemoryEventBus();
    const seen: string[] = [];
    await bus.subscribe(async (e) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(e.eventId);
    });
    await bus.publish(event(1));
    await bus.publish(event(2));
    await bus.close();
    expect(bus.subscriptionCount).toBe(0);
    await bus.drain();
    expect(seen).toEqual(['evt-1', 'evt-2']);
  });

  it('rejects bad input with a ValidationError naming the field, changing nothing', async () => {
    expect(() => new InMemoryEventBus({ maxQueueSize: 0 })).toThrow(
      expect.objectContaining({ field: 'options.maxQueueSize' }),
    );
    expect(() => new InMemoryEventBus({ overflow: 'block' as never })).toThrow(ValidationError);
    const bus = new InMemoryEventBus();
    await expect(bus.publish({ type: 'progress' } as never)).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      field: 'event',
    });
    await expect(bus.subscribe('nope' as never)).rejects.toMatchObject({ field: 'handler' });
    await expect(bus.subscribe(() => {}, { eventTypes: ['job.exploded' as never] })).rejects.toMatchObject({
      field: 'filter.eventTypes.0',
    });
    await expect(bus.subscribe(() => {}, { jobId: '' })).rejects.toMatchObject({ field: 'filter.jobId' });
    expect(() => bus.stream({ scopeId: 5 as never })).toThrow(
      expect.objectContaining({ field: 'filter.scopeId' }),
    );
    expect(() => bus.stream({}, { signal: 'x' as never })).toThrow(
      expect.objectContaining({ field: 'options.signal' }),
    );
    expect(bus.subscriptionCount).toBe(0);
  });

  it('accepts eventTypes as a Set', async () => {
    const bus = new InMemoryEventBus();
    const seen: string[] = [];
    await bus.subscribe((e) => void seen.push(e.type), {
      eventTypes: new Set([RuntimeEventType.JOB_FAILED]),
    });
    await bus.publish(event(1));
    await bus.publish(event(2, { type: RuntimeEventType.JOB_FAILED }));
    await bus.drain();
    expect(seen).toEqual(['job.failed']);
  });
});

describe('InMemoryEventBus resume tokens', () => {
  const action = () =>
    new RuntimeEvent({
      type: RuntimeEventType.ACTION_REQUIRED,
      eventId: 'evt-a',
      data: { actionId: 'a1', actionType: 'approve', payload: {}, resumeToken: 'rt-secret' },
    });

  it('hands subscribers and streams the redacted event unless they ask for secrets', async () => {
    const bus = new InMemoryEventBus();
    const plain: AnyRuntimeEvent[] = [];
    const trusted: AnyRuntimeEvent[] = [];
    await bus.subscribe((e) => void plain.push(e));
    await bus.subscribe((e) => void trusted.push(e), undefined, { includeSecrets: true });
    const plainStream = bus.stream();
    const trustedStream = bus.stream(undefined, { includeSecrets: true });
    await bus.publish(action());
    await bus.drain();
    await bus.close();
    const streamed = async (stream: AsyncIterable<AnyRuntimeEvent>) => {
      const out: AnyRuntimeEvent[] = [];
      for await (const e of stream) out.push(e);
      return out;
    };

    for (const e of [...plain, ...(await streamed(plainStream))]) {
      expect(e.type === 'action.required' && e.data.resumeToken).toBe(REDACTED);
      expect(e.eventId).toBe('evt-a');
    }
    for (const e of [...trusted, ...(await streamed(trustedStream))])
      expect(e.type === 'action.required' && e.data.resumeToken).toBe('rt-secret');
    expect(plain).toHaveLength(1);
    expect(trusted).toHaveLength(1);
  });

  it('refuses a bad subscribe option with ValidationError naming it', async () => {
    const bus = new InMemoryEventBus();
    await expect(
      bus.subscribe(() => {}, undefined, { includeSecrets: 'yes' as unknown as boolean }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: expect.stringContaining('includeSecrets') });
    expect(bus.subscriptionCount).toBe(0);
  });
});
