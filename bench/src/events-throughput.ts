import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus, SSEEventAdapter } from '@agent-runtime/events';
import type { Benchmark } from './benchmark';
import { measure } from './harness';

function makeEvents(count: number): RuntimeEvent[] {
  return Array.from(
    { length: count },
    (_, n) =>
      new RuntimeEvent({
        type: RuntimeEventType.MODEL_TOKEN,
        jobId: 'job-bench',
        scopeId: 'tenant-bench',
        data: { step: 1, delta: `token ${n} ` },
      }),
  );
}

/** Publishes every event, then waits until all `subscribers` handlers have seen them. */
async function publishToSubscribers(events: readonly RuntimeEvent[], subscribers: number): Promise<void> {
  const bus = new InMemoryEventBus({ maxQueueSize: events.length });
  let seen = 0;
  for (let i = 0; i < subscribers; i++) {
    await bus.subscribe(() => {
      seen++;
    });
  }
  for (const event of events) await bus.publish(event);
  await bus.drain();
  if (seen !== events.length * subscribers) throw new Error(`lost events: ${seen}`);
  await bus.close();
}

/** Feeds every event through the SSE adapter and reads every frame off one connection. */
async function frameAsSSE(events: readonly RuntimeEvent[]): Promise<void> {
  const adapter = new SSEEventAdapter({ heartbeatIntervalMs: 0, maxQueueSize: events.length });
  const frames = adapter.events();
  for (const event of events) await adapter.adapt(event);
  await adapter.stop();
  let count = 0;
  for await (const _ of frames) count++;
  if (count !== events.length) throw new Error(`lost frames: ${count}`);
}

export const eventsThroughput: Benchmark = {
  name: 'events-throughput',
  async run({ smoke }) {
    const eventCount = smoke ? 500 : 20_000;
    const plan = smoke ? { warmup: 1, iterations: 3 } : { warmup: 3, iterations: 15 };
    const events = makeEvents(eventCount);
    const cases: [string, () => Promise<void>, number][] = [
      ['publish → 1 subscriber', () => publishToSubscribers(events, 1), eventCount],
      ['publish → 10 subscribers', () => publishToSubscribers(events, 10), eventCount * 10],
      ['SSE framing (adapt + read)', () => frameAsSSE(events), eventCount],
    ];
    const rows = [];
    for (const [name, fn, deliveries] of cases) {
      const m = await measure(fn, plan);
      rows.push({
        case: name,
        'events published': eventCount,
        'median ms': Number(m.medianMs.toFixed(2)),
        'p99 ms': Number(m.p99Ms.toFixed(2)),
        'events/s': Math.round(m.opsPerSec * eventCount),
        'deliveries/s': Math.round(m.opsPerSec * deliveries),
      });
    }
    return {
      title: 'Event bus and SSE throughput',
      rows,
      notes: [
        `${eventCount} model.token events per iteration, ${plan.iterations} timed iterations after ${plan.warmup} warm-up.`,
        'Timed from the first publish until every handler has run (bus.drain) or every SSE frame was read.',
        'SSE framing includes redactForExport, JSON serialisation, frame formatting and history.',
      ],
    };
  },
};
