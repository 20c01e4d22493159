import {
  ExecutionContext,
  RuntimeEvent,
  type RuntimeEventType,
  toW3CSpanId,
  toW3CTraceId,
  ValidationError,
} from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { OpenTelemetryAdapter } from './opentelemetry-adapter';
import type { OTelConfigInput } from './otel-config';
import { memoryTracing, parentName } from './test-support/tracing';

const ctx = new ExecutionContext({ scopeId: 'tenant-1', principalId: 'user-1', sessionId: 's-1' }).withJob(
  'job-1',
);

async function traceEvents(
  events: [RuntimeEventType, Record<string, unknown>][],
  config: OTelConfigInput = {},
  context: ExecutionContext = ctx,
) {
  const bus = new InMemoryEventBus();
  const tracing = memoryTracing();
  const adapter = new OpenTelemetryAdapter(bus, config, { tracerProvider: tracing.tracerProvider });
  await adapter.start();
  for (const [i, [type, data]] of events.entries())
    await bus.publish(
      RuntimeEvent.fromContext(context, type, data, { timestamp: 1_700_000_000_000 + i * 100 }),
    );
  await bus.drain();
  return { spans: await tracing.spans(), adapter, tracing };
}

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
const step = (n: number, text = '') => ({
  step: n,
  provider: 'openai',
  model: 'gpt-5-nano',
  text,
  toolCalls: [],
  finishReason: n === 0 ? 'tool-calls' : 'stop',
  usage,
  cost: '0.0001',
  durationMs: 50,
});
const approvalJob: [RuntimeEventType, Record<string, unknown>][] = [
  ['job.started', { prompt: 'Deploy please', provider: 'openai', model: 'gpt-5-nano' }],
  ['model.token', { step: 0, delta: 'ok' }],
  ['tool.start', { step: 0, toolCallId: 'call-1', toolName: 'deploy', input: { branch: 'main' } }],
  ['model.done', step(0)],
  [
    'action.required',
    {
      actionId: 'act-1',
      actionType: 'approval',
      payload: {},
      toolCallId: 'call-1',
      resumeToken: 'resume-secret-xyz',
    },
  ],
  ['job.status_changed', { from: 'running', to: 'waiting_action' }],
  ['action.resolved', { actionId: 'act-1', actionType: 'approval', resolution: { approved: true } }],
  [
    'tool.end',
    { step: 0, toolCallId: 'call-1', toolName: 'deploy', output: { deployed: true }, durationMs: 300 },
  ],
  ['model.done', step(1, 'Deployed.')],
  ['job.completed', {}],
  ['final.result', { content: 'Deployed.', usage: { ...usage, totalCost: '0.0002' }, turns: 2 }],
];

describe('OpenTelemetryAdapter', () => {
  it("exports a context with traceId 'trace-ghi' in the trace of its derived W3C id", async () => {
    const named = new ExecutionContext({
      scopeId: 'tenant-1',
      traceId: 'trace-ghi',
      spanId: 'span-abc',
    }).withJob('job-1');
    const { spans } = await traceEvents(approvalJob, {}, named);
    expect(spans).toHaveLength(5);
    for (const span of spans) expect(span.spanContext().traceId).toBe(toW3CTraceId('trace-ghi'));
    const job = spans.find((s) => s.name === 'agent.job')!;
    expect(job.parentSpanContext?.spanId).toBe(toW3CSpanId('span-abc'));
  });

  it('builds the span tree of a job in the trace of its ExecutionContext', async () => {
    const { spans, adapter } = await traceEvents(approvalJob);
    expect(spans.map((s) => `${s.name}<${parentName(s, spans)}`).sort()).toEqual([
      'agent.action<agent.tool',
      'agent.job<<remote>',
      'agent.run<agent.job',
      'agent.run<agent.job',
      'agent.tool<agent.job',
    ]);
    for (const span of spans) expect(span.spanContext().traceId).toBe(ctx.traceId);
    const job = spans.find((s) => s.name === 'agent.job')!;
    expect(job.parentSpanContext?.spanId).toBe(ctx.spanId);
    expect(job.status.code).toBe(SpanStatusCode.OK);
    expect(job.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-5-nano',
      'gen_ai.usage.input_tokens': 10,
      'agent_runtime.job_id': 'job-1',
      'agent_runtime.scope_id': 'tenant-1',
      'agent_runtime.principal_id': 'user-1',
      'agent_runtime.usage.total_cost': '0.0002',
      'agent_runtime.turns': 2,
      'agent_runtime.job.status': 'succeeded',
    });
    expect(job.events.map((e) => e.name)).toContain('job.status_changed');
    const runs = spans.filter((s) => s.name === 'agent.run');
    expect(runs.map((r) => r.attributes['agent_runtime.step'])).toEqual([0, 1]);
    expect(runs[0]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.response.finish_reasons': ['tool-calls'],
    });
    expect(runs[0]!.duration).toEqual([0, 50_000_000]);
    const tool = spans.find((s) => s.name === 'agent.tool')!;
    expect(tool.attributes).toMatchObject({ 'gen_ai.tool.name': 'deploy', 'gen_ai.tool.call.id': 'call-1' });
    expect(spans.find((s) => s.name === 'agent.action')!.attributes).toMatchObject({
      'agent_runtime.action.id': 'act-1',
      'agent_runtime.action.outcome': 'resolved',
    });
    expect(adapter.openJobs).toBe(0);
  });

  it('records prompts, outputs and tool arguments only when the PII flags say so', async () => {
    const quiet = await traceEvents(approvalJob);
    const text = JSON.stringify(quiet.spans.map((s) => s.attributes));
    for (const secret of ['Deploy please', 'Deployed.', 'branch', 'deployed'])
      expect(text).not.toContain(secret);

    const loud = await traceEvents(approvalJob, {
      captureInput: true,
      captureOutput: true,
      captureToolArgs: true,
    });
    const byName = (name: string) => loud.spans.find((s) => s.name === name)!.attributes;
    expect(byName('agent.job')['gen_ai.input.messages']).toContain('Deploy please');
    expect(byName('agent.job')['gen_ai.output.messages']).toContain('Deployed.');
    expect(byName('agent.tool')['gen_ai.tool.call.arguments']).toBe('{"branch":"main"}');
    expect(byName('agent.tool')['gen_ai.tool.call.result']).toBe('{"deployed":true}');
    expect(JSON.stringify(loud.spans.map((s) => [s.attributes, s.events]))).not.toContain(
      'resume-secret-xyz',
    );
  });

  it('marks refused and failed tool calls as errors, with an exception event when configured', async () => {
    const denied: [RuntimeEventType, Record<string, unknown>][] = [
      ['job.started', {}],
      [
        'tool.error',
        {
          step: 0,
          toolCallId: 'c9',
          toolName: 'shell_exec',
          denied: true,
          error: { name: 'PolicyDenied', code: 'POLICY_DENIED', message: 'Dangerous tools not allowed' },
        },
      ],
      ['final.result', { content: '', usage: { ...usage, totalCost: '0' }, turns: 1 }],
    ];
    const { spans } = await traceEvents(denied);
    const tool = spans.find((s) => s.name === 'agent.tool')!;
    expect(tool.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Dangerous tools not allowed' });
    expect(tool.attributes).toMatchObject({
      'agent_runtime.tool.denied': true,
      'error.type': 'POLICY_DENIED',
    });
    expect(tool.events.map((e) => e.name)).toEqual(['exception']);
    const quiet = await traceEvents(denied, { recordExceptions: false });
    expect(quiet.spans.find((s) => s.name === 'agent.tool')!.events).toEqual([]);
  });

  it('ends a failed job with an error status, and a cancelled one with its reason', async () => {
    const error = {
      name: 'BudgetExceededError',
      code: 'BUDGET_EXCEEDED',
      message: 'budget maxTokens exceeded',
    };
    const failed = await traceEvents([
      ['job.started', {}],
      ['tool.start', { step: 0, toolCallId: 'c1', toolName: 'slow' }],
      ['job.failed', { error }],
      ['final.error', { status: 'failed', error }],
    ]);
    const job = failed.spans.find((s) => s.name === 'agent.job')!;
    expect(job.status).toEqual({ code: SpanStatusCode.ERROR, message: 'budget maxTokens exceeded' });
    expect(job.attributes['agent_runtime.job.status']).toBe('failed');
    expect(failed.spans.find((s) => s.name === 'agent.tool')!.status.message).toBe('the job ended first');

    const cancelled = await traceEvents([
      ['job.started', {}],
      ['job.cancelled', { reason: 'user' }],
      [
        'final.error',
        {
          status: 'cancelled',
          error: { name: 'CancelledError', code: 'CANCELLED', message: 'cancelled: user' },
        },
      ],
    ]);
    const span = cancelled.spans[0]!;
    expect(span.attributes).toMatchObject({
      'agent_runtime.job.status': 'cancelled',
      'agent_runtime.cancel_reason': 'user',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('stop() ends the spans of jobs that never ended, with an error status', async () => {
    const { adapter, tracing } = await traceEvents([
      ['job.started', {}],
      ['action.required', { actionId: 'a1', actionType: 'approval', payload: {} }],
    ]);
    expect(await tracing.spans()).toEqual([]);
    expect(adapter.openJobs).toBe(1);
    await adapter.stop();
    const spans = await tracing.spans();
    expect(spans.map((s) => [s.name, s.status.code])).toEqual([
      ['agent.action', SpanStatusCode.ERROR],
      ['agent.job', SpanStatusCode.ERROR],
    ]);
    expect(adapter.openJobs).toBe(0);
  });

  it('honours the sampling rate, deciding per trace id', async () => {
    const none = await traceEvents(approvalJob, { samplingRate: 0 });
    expect(none.spans).toEqual([]);
    const bus = new InMemoryEventBus();
    const tracing = memoryTracing();
    await new OpenTelemetryAdapter(
      bus,
      { samplingRate: 0.5 },
      { tracerProvider: tracing.tracerProvider },
    ).start();
    const sampled = new ExecutionContext({ scopeId: 't', traceId: `${'1'.repeat(24)}00000001` });
    const dropped = new ExecutionContext({ scopeId: 't', traceId: `${'1'.repeat(24)}ffffffff` });
    for (const [c, job] of [
      [sampled, 'in'],
      [dropped, 'out'],
    ] as const) {
      for (const type of ['job.started', 'final.result'] as const)
        await bus.publish(RuntimeEvent.fromContext(c.withJob(job), type, {}));
    }
    await bus.drain();
    expect((await tracing.spans()).map((s) => s.attributes['agent_runtime.job_id'])).toEqual(['in']);
  });

  it('rejects bad config naming the field', () => {
    for (const [config, field] of [
      [{ samplingRate: 2 }, 'config.samplingRate'],
      [{ captureInput: 'yes' }, 'config.captureInput'],
      [{ tracer_name: 'x' }, 'config'],
    ] as const) {
      try {
        new OpenTelemetryAdapter(new InMemoryEventBus(), config as never);
        expect.unreachable();
      } catch (error) {
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).field).toBe(field);
      }
    }
  });
});
