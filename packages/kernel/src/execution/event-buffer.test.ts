import { type AnyRuntimeEvent, RuntimeEvent } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { EventBuffer } from './event-buffer';

const event = (n: number) =>
  new RuntimeEvent({ type: 'progress', jobId: 'job-1', data: { progress: n / 10 } });

async function collect(iterable: AsyncIterable<AnyRuntimeEvent>): Promise<number[]> {
  const seen: number[] = [];
  for await (const e of iterable) if (e.type === 'progress') seen.push(e.data.progress);
  return seen;
}

describe('EventBuffer', () => {
  it('replays from the first event for an iterator that starts late, then ends when closed', async () => {
    const buffer = new EventBuffer();
    buffer.push(event(1));
    buffer.push(event(2));
    const late = collect(buffer.iterate());
    buffer.push(event(3));
    buffer.close();
    expect(await late).toEqual([0.1, 0.2, 0.3]);
  });

  it('wakes waiting iterators for each new event, every iterator sees all events in order', async () => {
    const buffer = new EventBuffer();
    const early = collect(buffer.iterate());
    for (let n = 1; n <= 5; n++) {
      buffer.push(event(n));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const second = collect(buffer.iterate());
    buffer.close();
    const expected = [0.1, 0.2, 0.3, 0.4, 0.5];
    expect(await early).toEqual(expected);
    expect(await second).toEqual(expected);
  });

  it('whenClosed waits through pushes and resolves at close', async () => {
    const buffer = new EventBuffer();
    let closed = false;
    const waiting = buffer.whenClosed().then(() => {
      closed = true;
    });
    for (let n = 1; n <= 3; n++) {
      buffer.push(event(n));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(closed).toBe(false);
    buffer.close();
    await waiting;
    expect(closed).toBe(true);
  });

  it('ignores events after close and ends a fresh iterator at once', async () => {
    const buffer = new EventBuffer();
    buffer.push(event(1));
    buffer.close();
    buffer.push(event(2));
    expect(buffer.isClosed).toBe(true);
    expect(await collect(buffer.iterate())).toEqual([0.1]);
  });
});
