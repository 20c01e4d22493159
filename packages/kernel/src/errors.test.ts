import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ToolExecutionError } from './index';
import { collect, scriptedKernel, typesOf } from './test-helpers';

const request = { prompt: 'Go', scopeId: 'tenant-1' };
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

describe('errors end the job failed, never as an unhandled rejection', () => {
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  it('a model error: job failed with the error recorded, final.error', async () => {
    const { kernel } = scriptedKernel([{ error: new Error('provider exploded') }]);
    const handle = await kernel.execute(request);
    const events = await collect(handle);
    expect(typesOf(events).slice(-3)).toEqual(['job.status_changed', 'job.failed', 'final.error']);
    const result = await handle.result();
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('provider exploded');
    const job = await handle.job();
    expect(job.status).toBe('failed');
    expect(job.error?.message).toContain('provider exploded');
  });

  it('a tool error: tool.error, job failed, no further model call', async () => {
    const broken = defineTool({
      name: 'broken',
      description: 'throws',
      inputSchema: z.object({}),
      execute: () => {
        throw new Error('disk on fire');
      },
    });
    const { kernel, model } = scriptedKernel(
      [{ toolCalls: [{ toolName: 'broken', input: {} }] }, { text: 'never' }],
      {
        kernel: { tools: [broken] },
      },
    );
    const handle = await kernel.execute(request);
    const events = await collect(handle);
    const toolError = events.find((e) => e.type === 'tool.error');
    expect(toolError?.data).toMatchObject({ toolName: 'broken', error: { message: 'disk on fire' } });
    expect(await handle.result()).toMatchObject({ status: 'failed', error: { message: 'disk on fire' } });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('a ToolExecutionError fails only that call: tool.error, tool_usage, the model is told and goes on', async () => {
    const flaky = defineTool({
      name: 'flaky',
      description: 'fails this call',
      inputSchema: z.object({}),
      metadata: { source: 'remote' },
      execute: () => {
        throw new ToolExecutionError({ toolName: 'flaky', message: 'upstream is down' });
      },
    });
    const { kernel, model } = scriptedKernel(
      [{ toolCalls: [{ toolName: 'flaky', input: {} }] }, { text: 'carried on' }],
      { kernel: { tools: [flaky] } },
    );
    const handle = await kernel.execute(request);
    const events = await collect(handle);
    expect(events.find((e) => e.type === 'tool.start')?.data).toMatchObject({
      toolMetadata: { source: 'remote' },
    });
    expect(events.find((e) => e.type === 'tool.error')?.data).toMatchObject({
      toolName: 'flaky',
      toolMetadata: { source: 'remote' },
      error: { name: 'ToolExecutionError', code: 'TOOL_EXECUTION_FAILED', message: 'upstream is down' },
    });
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'carried on' });
    expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain('upstream is down');
    const usage = await kernel.ledger.writer.listEvents({ jobId: handle.jobId, eventType: 'tool_usage' });
    expect(usage.map((e) => e.metadata)).toMatchObject([
      { toolName: 'flaky', errorCode: 'TOOL_EXECUTION_FAILED' },
    ]);
  });

  it('an unknown tool or invalid input is told to the model, which goes on', async () => {
    const typed = defineTool({
      name: 'typed',
      description: 'needs a number',
      inputSchema: z.object({ n: z.number() }),
      execute: ({ n }) => n * 2,
    });
    const { kernel, model } = scriptedKernel(
      [
        {
          toolCalls: [
            { toolName: 'nope', input: {} },
            { toolName: 'typed', input: { n: 'x' } },
          ],
        },
        { text: 'recovered' },
      ],
      { kernel: { tools: [typed] } },
    );
    const handle = await kernel.execute(request);
    const events = await collect(handle);
    expect(events.filter((e) => e.type === 'tool.error').map((e) => e.data.toolName)).toEqual([
      'nope',
      'typed',
    ]);
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'recovered' });
    expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain('tool nope not found');
  });
});
