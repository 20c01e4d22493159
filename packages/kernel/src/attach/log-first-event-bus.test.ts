import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus, InMemoryEventLog } from '@agent-runtime/events';
import { expect, it } from 'vitest';
import { LogFirstEventBus } from './log-first-event-bus';

const progress = (n: number) =>
  new RuntimeEvent({
    type: RuntimeEventType.PROGRESS,
    jobId: 'job-1',
    eventId: `evt-${n}`,
    data: { progress: n },
  });

it('stores and delivers publishes made before the earlier ones resolved in call order', async () => {
  const inner = new InMemoryEventBus();
  const log = new InMemoryEventLog();
  const bus = new LogFirstEventBus(inner, log);
  const seen: string[] = [];
  await bus.subscribe((event) => {
    seen.push(event.eventId);
  });
  const expected = Array.from({ length: 30 }, (_, n) => `evt-${n}`);
  await Promise.all(expected.map((_, n) => bus.publish(progress(n))));
  await inner.drain();
  expect(seen).toEqual(expected);
  const stored = await log.read('job-1');
  expect(stored.map((event) => event.eventId)).toEqual(expected);
  expect(stored.map((event) => event.seq)).toEqual(expected.map((_, n) => n + 1));
});
