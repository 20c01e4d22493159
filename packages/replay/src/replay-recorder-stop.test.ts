import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { RuntimeEvent } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { describe, expect, it } from 'vitest';
import { ReplayRecorder } from './replay-recorder';
import { RunMetadata } from './run-metadata';

const EVENTS = 10_000;
const metadata = RunMetadata.create({ runtimeVersion: '0.1.0' });

function countingBus() {
  const bus = new InMemoryEventBus({ maxQueueSize: EVENTS });
  const published: string[] = [];
  void bus.subscribe((event) => void published.push(event.eventId));
  return { bus, published };
}

function missing(published: string[], recorder: Awaited<ReturnType<ReplayRecorder['stop']>>): number {
  const recorded = new Set(recorder.events.map((recorded) => recorded.event.eventId));
  return published.filter((id) => !recorded.has(id)).length;
}

/** Settles with `promise`, or rejects once `ms` passed (a stop() that hangs fails the test instead of it). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled in ${ms} ms`)), ms)),
  ]);
}

describe('ReplayRecorder.stop() loses no event published before it', () => {
  it(`records all ${EVENTS} events, without waiting for other (hung) subscribers`, async () => {
    const { bus, published } = countingBus();
    void bus.subscribe(() => new Promise<void>(() => {})); // another subscriber that never returns
    const recorder = new ReplayRecorder(bus, metadata);
    await recorder.start({ initialInput: {} });
    for (let i = 0; i < EVENTS; i++)
      await bus.publish(
        new RuntimeEvent({ type: 'progress', jobId: `job-${i % 20}`, data: { progress: i } }),
      );
    const recording = await within(5_000, recorder.stop());

    expect(published).toHaveLength(EVENTS);
    expect(missing(published, recording), 'events lost').toBe(0);
  }, 30_000);

  it('counts the events the bus dropped for it, warning once', async () => {
    const bus = new InMemoryEventBus({ maxQueueSize: 5 });
    const warnings: string[] = [];
    const recorder = new ReplayRecorder(bus, metadata, {
      logger: { warn: (m: string) => void warnings.push(m) },
    });
    await recorder.start({ initialInput: {} });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        bus.publish(new RuntimeEvent({ type: 'progress', data: { progress: i } })),
      ),
    );
    const recording = await recorder.stop();

    expect(recording.events.length + recorder.dropped).toBe(50);
    expect(recorder.dropped).toBeGreaterThan(0);
    expect(warnings).toHaveLength(1);
  });

  it(`records every event of kernel jobs (>= ${EVENTS}) after kernel.shutdown()`, async () => {
    const { bus, published } = countingBus();
    const text = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    const kernel = RuntimeKernel.create({
      agent: scriptedDriver(Array.from({ length: 20 }, () => ({ text }))),
      eventBus: bus,
    });
    const recorder = new ReplayRecorder(bus, metadata);
    await recorder.start({ initialInput: {} });
    const handles = await Promise.all(
      Array.from({ length: 20 }, (_, i) => kernel.execute({ prompt: `job ${i}`, scopeId: 'tenant-1' })),
    );
    await kernel.shutdown();
    for (const handle of handles) expect((await handle.result()).status).toBe('succeeded');
    const recording = await within(5_000, recorder.stop());
    await bus.drain();

    expect(published.length).toBeGreaterThanOrEqual(EVENTS);
    expect(missing(published, recording), 'events lost').toBe(0);
  }, 30_000);
});
