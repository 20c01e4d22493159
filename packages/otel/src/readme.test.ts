import { RuntimeEvent, ZERO_USAGE } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, expect, it } from 'vitest';
import { OpenTelemetryAdapter } from './index';

afterAll(() => trace.disable());

it('README: set up the adapter with the global provider', async () => {
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(
    new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }),
  );
  const eventBus = new InMemoryEventBus();
  const adapter = new OpenTelemetryAdapter(eventBus, {
    tracerName: 'agent_runtime',
    serviceName: 'my-service',
    captureToolArgs: false,
    recordExceptions: true,
  });
  await adapter.start();
  await eventBus.publish(new RuntimeEvent({ type: 'job.started', jobId: 'j1' }));
  const usage = { ...ZERO_USAGE, totalCost: '0' };
  await eventBus.publish(
    new RuntimeEvent({ type: 'final.result', jobId: 'j1', data: { content: 'done', usage, turns: 1 } }),
  );
  await eventBus.drain();
  await adapter.stop();
  expect(exporter.getFinishedSpans().map((s) => [s.name, s.attributes['service.name']])).toEqual([
    ['agent.job', 'my-service'],
  ]);
});
