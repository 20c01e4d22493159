import { expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  CancellationToken,
  CancelledError,
  defineTool,
  ExecutionContext,
  INPUT_LIMITS,
  jsonObjectSchema,
  parseInput,
  RuntimeEvent,
  RuntimeEventType,
  systemClock,
  type ToolContext,
  toW3CTraceId,
  traceparentOf,
  ValidationError,
} from './index';

it('README: execution context', () => {
  const ctx = new ExecutionContext({
    scopeId: 'tenant-123',
    principalId: 'user-456',
    sessionId: 'session-789',
    runId: 'run-abc',
    jobId: 'job-def',
    traceId: 'trace-ghi',
    budgets: {
      maxTokens: 100_000,
      maxCost: '10.00',
      maxToolCalls: 100,
      maxTurns: 20,
      maxRuntimeSeconds: 300,
    },
    policyRef: { name: 'production', version: 'v1' },
    versions: { runtimeVersion: '1.0.0', llmClientVersion: '0.2.0', modelVersion: 'gpt-4-0125' },
    metadata: { env: 'production' },
  });
  const childCtx = ctx.child({ newSpan: true });
  const jobCtx = ctx.withJob('job-xyz');
  const requestCtx = ctx.toRequestContext();
  const data = ctx.toJSON();
  const ctx2 = ExecutionContext.fromJSON(data);
  expect(childCtx.parentSpanId).toBe(ctx.spanId);
  expect(jobCtx.jobId).toBe('job-xyz');
  expect(ctx.traceId).toBe('trace-ghi');
  expect(requestCtx.traceparent).toBe(`00-${toW3CTraceId('trace-ghi')}-${ctx.spanId}-01`);
  expect(data.budgets.maxCost).toBe('10');
  expect(ctx2.toJSON()).toEqual(data);
});

it('README: W3C form of trace ids', () => {
  expect(toW3CTraceId('trace-ghi')).toMatch(/^[0-9a-f]{32}$/);
  expect(toW3CTraceId('trace-ghi')).toBe(toW3CTraceId('trace-ghi'));
  expect(traceparentOf('trace-ghi', 'span-1')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
});

it('README: cancellation', async () => {
  const token = new CancellationToken();
  const child = token.child();
  await fetch('http://localhost:1', { signal: token.signal }).catch(() => {});
  const reasons: (string | undefined)[] = [];
  token.onCancel((reason) => reasons.push(reason));
  token.cancel('user pressed stop');
  expect(child.isCancelled).toBe(true);
  expect(reasons).toEqual(['user pressed stop']);
  expect(() => child.throwIfCancelled()).toThrow(CancelledError);
});

it('README: events', () => {
  const ctx = new ExecutionContext({ scopeId: 'tenant-123' });
  const event = new RuntimeEvent({
    type: RuntimeEventType.JOB_STARTED,
    jobId: 'job-456',
    scopeId: 'tenant-123',
    data: { provider: 'openai', model: 'gpt-4' },
  });
  expect(event.toSSE()).toMatch(/^id: evt_.*\nevent: job\.started\ndata: \{.*\}\n\n$/);
  const progress = RuntimeEvent.fromContext(ctx, RuntimeEventType.PROGRESS, { progress: 0.5 });
  expect(progress.traceId).toBe(ctx.traceId);
});

it('README: tools', async () => {
  const deploy = defineTool({
    name: 'deploy_changes',
    description: 'Deploys the current branch to production',
    inputSchema: z.object({ branch: z.string() }),
    async execute({ branch }, { requireAction }) {
      const action = await requireAction({ type: 'confirm', payload: { message: `Deploy ${branch}?` } });
      return action.resolution?.approved ? 'deployed' : 'skipped';
    },
  });
  const toolContext = (approved: boolean): ToolContext => ({
    context: new ExecutionContext({ scopeId: 't' }),
    jobId: 'j',
    toolCallId: 'c',
    signal: new AbortController().signal,
    createArtifact: async () => {
      throw new Error('not used');
    },
    updateArtifact: async () => {
      throw new Error('not used');
    },
    requireAction: async (spec) => ({
      actionId: 'a',
      jobId: 'j',
      type: spec.type,
      status: 'resolved',
      payload: spec.payload ?? {},
      resolution: { approved },
    }),
  });
  expect(await deploy.execute({ branch: 'main' }, toolContext(true))).toBe('deployed');
  expect(await deploy.execute({ branch: 'main' }, toolContext(false))).toBe('skipped');
});

it('README: input limits', () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const cyclic: Record<string, unknown> = { ok: 1 };
  cyclic.self = cyclic;
  try {
    parseInput(jsonObjectSchema(), cyclic, 'metadata');
  } catch (error) {
    if (ValidationError.isInstance(error)) console.log(error.field);
  }
  const copy = parseInput(jsonObjectSchema({ maxDepth: 4, maxBytes: 1024 }), { a: { b: 1 } }, 'settings');
  expect(log).toHaveBeenCalledWith('metadata.self');
  expect(copy).toEqual({ a: { b: 1 } });
  expect(INPUT_LIMITS).toMatchObject({ maxIdLength: 255, maxJsonDepth: 64, maxJsonBytes: 1_048_576 });
  log.mockRestore();
});

it('README: clock (a 30-day sleep does not resolve early)', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const stop = new AbortController();
  let early = false;
  const thirtyDays = systemClock.sleep(30 * 24 * 3600 * 1000, stop.signal);
  thirtyDays.then(
    () => {
      early = true;
    },
    () => {},
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  stop.abort(new Error('no longer needed'));
  await thirtyDays.catch((error: Error) => console.log(error.message));
  expect(early).toBe(false);
  expect(log).toHaveBeenCalledWith('no longer needed');
  log.mockRestore();
});
