import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, type InMemoryEventBus, JobStatus, RuntimeKernel, ValidationError } from './index';
import { collect, oneStepDriver, scriptedKernel, typesOf } from './test-helpers';

const request = { prompt: 'Write a haiku about TypeScript', scopeId: 'tenant-123', principalId: 'user-456' };
const haiku = { text: 'Types guard the gate', usage: { inputTokens: 10, outputTokens: 20 } };

describe('kernel.execute', () => {
  it('runs a job queued → running → succeeded with the reference events in order', async () => {
    const { kernel } = scriptedKernel([haiku]);
    const handle = await kernel.execute(request);
    const events = await collect(handle);
    expect(typesOf(events)).toEqual([
      'job.status_changed',
      'job.started',
      'model.token',
      'model.token',
      'model.token',
      'model.token',
      'progress',
      'model.done',
      'job.status_changed',
      'job.completed',
      'final.result',
    ]);
    const deltas = events.filter((e) => e.type === 'model.token').map((e) => e.data.delta);
    expect(deltas.join('')).toBe('Types guard the gate');
    expect(events.filter((e) => e.type === 'job.status_changed').map((e) => e.data)).toEqual([
      { from: 'queued', to: 'running' },
      { from: 'running', to: 'succeeded' },
    ]);
    expect(events.every((e) => e.jobId === handle.jobId && e.scopeId === 'tenant-123')).toBe(true);
    const result = await handle.result();
    expect(result).toEqual({
      jobId: handle.jobId,
      status: 'succeeded',
      content: 'Types guard the gate',
      usage: { inputTokens: 10, outputTokens: 20, totalTokens: 30, totalCost: expect.any(String) },
      turns: 1,
      artifacts: [],
      error: null,
    });
    const job = await handle.job();
    expect(job.status).toBe(JobStatus.SUCCEEDED);
    expect(job.principalId).toBe('user-456');
  });

  it("says in job.started which prompt the job runs on which provider's model", async () => {
    const { kernel } = scriptedKernel([haiku]);
    const handle = await kernel.execute(request);
    const started = (await collect(handle)).find((e) => e.type === 'job.started');
    expect(started?.data).toEqual({
      prompt: 'Write a haiku about TypeScript',
      provider: 'openai',
      model: 'gpt-5-nano',
    });
  });

  it('replays every event from the first to an iterator that starts after the job ended', async () => {
    const { kernel } = scriptedKernel([haiku]);
    const handle = await kernel.execute(request);
    const first = await collect(handle);
    await handle.result();
    const late = await collect(handle);
    expect(late.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    expect(late.at(-1)?.type).toBe('final.result');
  });

  it('records tool calls: tool.start / tool.end between the steps, usage of both steps and the tool', async () => {
    const add = defineTool({
      name: 'add',
      description: 'adds',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    });
    const { kernel } = scriptedKernel(
      [
        {
          toolCalls: [{ toolName: 'add', input: { a: 2, b: 3 }, toolCallId: 'c1' }],
          usage: { inputTokens: 5, outputTokens: 5 },
        },
        { text: 'It is 5', usage: { inputTokens: 7, outputTokens: 3 } },
      ],
      { kernel: { tools: [add] } },
    );
    const handle = await kernel.execute(request);
    const events = await collect(handle);
    const types = typesOf(events).filter((t) => !t.startsWith('job.') && t !== 'model.token');
    expect(types).toEqual([
      'progress',
      'model.done',
      'tool.start',
      'tool.end',
      'progress',
      'model.done',
      'final.result',
    ]);
    expect(events.find((e) => e.type === 'tool.end')?.data).toMatchObject({
      toolCallId: 'c1',
      output: 5,
      step: 1,
    });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'succeeded', content: 'It is 5', turns: 2 });
    expect(result.usage).toMatchObject({ inputTokens: 12, outputTokens: 8, totalTokens: 20 });
    const ledger = await kernel.ledger.writer.getUsage({ jobId: handle.jobId });
    expect(ledger).toMatchObject({ requests: 2, toolCalls: 1, totalTokens: 20 });
  });

  it('saves the agent loop state after each completed step as the job checkpoint', async () => {
    const echo = defineTool({
      name: 'echo',
      description: 'echo',
      inputSchema: z.object({}),
      execute: () => 'ok',
    });
    const { kernel } = scriptedKernel([{ toolCalls: [{ toolName: 'echo', input: {} }] }, { text: 'done' }], {
      kernel: { tools: [echo] },
    });
    const checkpoints: unknown[] = [];
    const handle = await kernel.execute(request);
    for await (const event of handle.events())
      if (event.type === 'model.done') checkpoints.push((await handle.job()).checkpoint);
    expect(checkpoints[0]).toMatchObject({ step: 1, pendingToolCalls: [{ toolName: 'echo' }] });
    expect(checkpoints[1]).toMatchObject({ step: 2, usage: { totalTokens: 30 } });
    expect((await handle.job()).checkpoint).toMatchObject({ step: 2, messages: expect.any(Array) });
  });

  it('prices every step in the ledger and reports the cost as a decimal string', async () => {
    const { kernel } = scriptedKernel([haiku], {
      kernel: { pricing: { 'gpt-5-nano': { inputPerMillion: '1.00', outputPerMillion: '2.00' } } },
    });
    const result = await (await kernel.execute(request)).result();
    expect(result.usage.totalCost).toBe('0.00005');
    const [event] = await kernel.ledger.writer.listEvents({ jobId: result.jobId, eventType: 'model_usage' });
    expect(event).toMatchObject({ provider: 'openai', model: 'gpt-5-nano', totalTokens: 30 });
  });

  it('rejects a malformed request with a ValidationError naming the field, creating no job', async () => {
    const { kernel, model } = scriptedKernel([haiku]);
    const bad = [
      [{ ...request, prompt: '' }, 'request.prompt'],
      [{ ...request, scopeId: undefined }, 'request.scopeId'],
      [{ ...request, budgets: { maxCost: '-1' } }, 'request.budgets.maxCost'],
      [{ ...request, timeoutSeconds: 0 }, 'request.timeoutSeconds'],
      [{ ...request, metadata: { callback: () => 1 } }, 'request.metadata.callback'],
      [{ ...request, extra: 1 }, 'request'],
    ] as const;
    for (const [input, field] of bad) {
      const error = await kernel.execute(input as never).catch((e: unknown) => e);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(await kernel.jobs.list()).toEqual([]);
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('releases per-job event buffers and subscriptions when jobs end (10k jobs)', async () => {
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('ok') });
    for (let batch = 0; batch < 10_000; batch += 100) {
      const handles = await Promise.all(
        Array.from({ length: 100 }, (_, i) => kernel.execute({ prompt: `p${batch + i}`, scopeId: 's' })),
      );
      const results = await Promise.all(handles.map((h) => h.result()));
      expect(results.every((r) => r.status === 'succeeded')).toBe(true);
      expect(kernel.activeExecutions).toBe(0);
    }
    expect((kernel.events as InMemoryEventBus).subscriptionCount).toBe(0);
    expect(await kernel.jobs.list({ status: 'succeeded', limit: 1 })).toHaveLength(1);
  }, 120_000);
});
