import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { ExecutionContext, RuntimeEvent, type RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { OpenTelemetryAdapter } from './opentelemetry-adapter';
import { memoryTracing } from './test-support/tracing';

const EVENTS = 10_000;
const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
const LIFECYCLE: [RuntimeEventType, Record<string, unknown>][] = [
  ['job.started', { prompt: 'hi', provider: 'scripted', model: 'm' }],
  ['model.done', { step: 0, text: 'ok', toolCalls: [], finishReason: 'stop', usage, durationMs: 5 }],
  ['job.completed', {}],
  ['final.result', { content: 'ok', usage, turns: 1 }],
];

function setup() {
  const bus = new InMemoryEventBus({ maxQueueSize: EVENTS });
  const tracing = memoryTracing();
  const adapter = new OpenTelemetryAdapter(bus, {}, { tracerProvider: tracing.tracerProvider });
  return { bus, tracing, adapter };
}

async function publish(bus: InMemoryEventBus, jobId: string, events: typeof LIFECYCLE): Promise<void> {
  const ctx = new ExecutionContext({ scopeId: 'tenant-1' }).withJob(jobId);
  for (const [type, data] of events) await bus.publish(RuntimeEvent.fromContext(ctx, type, data));
}

describe('OpenTelemetryAdapter.stop() loses no event published before it', () => {
  it(`turns all ${EVENTS} events (${EVENTS / 4} jobs) into ended spans with their real status`, async () => {
    const { bus, tracing, adapter } = setup();
    await adapter.start();
    const jobs = EVENTS / LIFECYCLE.length;
    for (let j = 0; j < jobs; j++) await publish(bus, `job-${j}`, LIFECYCLE);
    await adapter.stop();

    const spans = await tracing.spans();
    const jobSpans = spans.filter((s) => s.name === 'agent.job');
    expect(jobSpans, 'job spans').toHaveLength(jobs);
    expect(
      spans.filter((s) => s.name === 'agent.run'),
      'model step spans',
    ).toHaveLength(jobs);
    expect(
      jobSpans.filter((s) => s.status.code !== SpanStatusCode.OK),
      'job spans not OK',
    ).toHaveLength(0);
    expect(adapter.openJobs).toBe(0);
  }, 30_000);

  it('ends the span of a job whose outcome arrived without its final event with that outcome, not ERROR', async () => {
    const { bus, tracing, adapter } = setup();
    await adapter.start();
    await publish(bus, 'job-done', LIFECYCLE.slice(0, 3));
    await publish(bus, 'job-failed', [
      ['job.started', {}],
      ['job.failed', { error: { code: 'TOOL_ERROR', message: 'boom' } }],
    ]);
    await publish(bus, 'job-cancelled', [
      ['job.started', {}],
      ['job.cancelled', { reason: 'user' }],
    ]);
    await publish(bus, 'job-open', [['job.started', {}]]);
    await adapter.stop();

    const byJob = new Map(
      (await tracing.spans())
        .filter((s) => s.name === 'agent.job')
        .map((s) => [s.attributes['agent_runtime.job_id'], s]),
    );
    expect(byJob.get('job-done')?.status.code).toBe(SpanStatusCode.OK);
    expect(byJob.get('job-done')?.attributes['agent_runtime.job.status']).toBe('succeeded');
    expect(byJob.get('job-failed')?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(byJob.get('job-failed')?.attributes['agent_runtime.job.status']).toBe('failed');
    expect(byJob.get('job-cancelled')?.status.code).toBe(SpanStatusCode.UNSET);
    expect(byJob.get('job-cancelled')?.attributes['agent_runtime.job.status']).toBe('cancelled');
    expect(byJob.get('job-open')?.status).toMatchObject({
      code: SpanStatusCode.ERROR,
      message: 'the job had not ended when tracing stopped',
    });
    expect(byJob.get('job-open')?.attributes['agent_runtime.job.status']).toBe('unfinished');
  });

  it('counts the events the bus dropped for it in stats.dropped, warning once', async () => {
    const bus = new InMemoryEventBus({ maxQueueSize: 5 });
    const tracing = memoryTracing();
    const warnings: string[] = [];
    const adapter = new OpenTelemetryAdapter(
      bus,
      {},
      { tracerProvider: tracing.tracerProvider, logger: { warn: (m: string) => void warnings.push(m) } },
    );
    await adapter.start();
    const ctx = new ExecutionContext({ scopeId: 'tenant-1' }).withJob('job-1');
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        bus.publish(RuntimeEvent.fromContext(ctx, 'progress', { progress: i / 50 })),
      ),
    );
    await adapter.stop();

    expect(adapter.stats.dropped).toBe(44); // one handed over at once, five queued
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/the bus queue of this exporter was full/);
  });

  it(`ends every kernel job's span OK after kernel.shutdown() (>= ${EVENTS} events)`, async () => {
    const { bus, tracing, adapter } = setup();
    const text = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    const kernel = RuntimeKernel.create({
      agent: scriptedDriver(Array.from({ length: 20 }, () => ({ text }))),
      eventBus: bus,
    });
    let published = 0;
    void bus.subscribe(() => void published++);
    await adapter.start();
    const handles = await Promise.all(
      Array.from({ length: 20 }, (_, i) => kernel.execute({ prompt: `job ${i}`, scopeId: 'tenant-1' })),
    );
    await kernel.shutdown();
    for (const handle of handles) expect((await handle.result()).status).toBe('succeeded');
    await adapter.stop();
    await bus.drain();

    expect(published).toBeGreaterThanOrEqual(EVENTS);
    const jobSpans = (await tracing.spans()).filter((s) => s.name === 'agent.job');
    expect(jobSpans.map((s) => s.status.code)).toEqual(Array(20).fill(SpanStatusCode.OK));
  }, 30_000);
});
