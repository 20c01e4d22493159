import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { defineTool, ExecutionContext } from '@agent-runtime/core';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { SpanStatusCode } from '@opentelemetry/api';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { OpenTelemetryAdapter } from './opentelemetry-adapter';
import { memoryTracing, parentName } from './test-support/tracing';

it('a kernel job with two model steps, a tool call and an approval gives exactly the expected span tree', async () => {
  const deploy = defineTool({
    name: 'deploy_changes',
    description: 'Deploys a branch after approval',
    inputSchema: z.object({ branch: z.string() }),
    async execute({ branch }, { requireAction }) {
      const action = await requireAction({ type: 'approval', payload: { message: `Deploy ${branch}?` } });
      return { deployed: action.resolution?.approved === true };
    },
  });
  const agent = scriptedDriver([
    { text: 'Deploying.', toolCalls: [{ toolName: 'deploy_changes', input: { branch: 'main' } }] },
    { text: 'Deployed main.' },
  ]);
  const kernel = RuntimeKernel.create({ agent, tools: [deploy] });
  const tracing = memoryTracing();
  const adapter = new OpenTelemetryAdapter(
    kernel.events,
    { serviceName: 'svc' },
    { tracerProvider: tracing.tracerProvider },
  );
  await adapter.start();

  const handle = await kernel.execute({ prompt: 'Deploy main', scopeId: 'tenant-1', principalId: 'user-1' });
  for await (const event of handle.events())
    if (event.type === 'action.required')
      await kernel.actions.resolve({
        resumeToken: event.data.resumeToken,
        resolution: { approved: true },
      });
  const result = await handle.result();
  expect(result.error ?? null).toBeNull();
  expect(result.status).toBe('succeeded');
  await (kernel.events as { drain?: () => Promise<void> }).drain?.();
  await adapter.stop();
  await kernel.shutdown();

  const spans = await tracing.spans();
  expect(spans.map((s) => `${s.name} < ${parentName(s, spans)}`).sort()).toEqual([
    'agent.action < agent.tool',
    'agent.job < <remote>',
    'agent.run < agent.job',
    'agent.run < agent.job',
    'agent.tool < agent.job',
  ]);
  const job = spans.find((s) => s.name === 'agent.job')!;
  const traceId = job.spanContext().traceId;
  for (const span of spans) expect(span.spanContext().traceId).toBe(traceId);
  const started = await kernel.jobs.get(result.jobId);
  expect(started?.traceId).toBe(traceId);
  expect(job.status.code).toBe(SpanStatusCode.OK);
  expect(job.attributes).toMatchObject({
    'gen_ai.operation.name': 'invoke_agent',
    'agent_runtime.job_id': result.jobId,
    'agent_runtime.scope_id': 'tenant-1',
    'agent_runtime.principal_id': 'user-1',
    'agent_runtime.job.status': 'succeeded',
    'agent_runtime.turns': 2,
    'gen_ai.usage.input_tokens': result.usage.inputTokens,
    'gen_ai.usage.output_tokens': result.usage.outputTokens,
    'service.name': 'svc',
  });
  const runs = spans
    .filter((s) => s.name === 'agent.run')
    .sort((a, b) => Number(a.attributes['agent_runtime.step']) - Number(b.attributes['agent_runtime.step']));
  expect(
    runs.map((r) => [r.attributes['agent_runtime.step'], r.attributes['gen_ai.response.finish_reasons']]),
  ).toEqual([
    [1, ['tool-calls']],
    [2, ['stop']],
  ]);
  for (const run of runs) expect(run.attributes['gen_ai.operation.name']).toBe('chat');
  expect(spans.find((s) => s.name === 'agent.tool')!.attributes).toMatchObject({
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'deploy_changes',
  });
  expect(spans.find((s) => s.name === 'agent.action')!.attributes).toMatchObject({
    'agent_runtime.action.type': 'approval',
    'agent_runtime.action.outcome': 'resolved',
  });
  expect(new ExecutionContext({ scopeId: 'x', traceId }).traceId).toBe(traceId);
});
