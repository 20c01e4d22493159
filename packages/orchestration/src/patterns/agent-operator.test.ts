import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import {
  defineTool,
  ExecutionContext,
  ManualClock,
  type RuntimeEvent,
  ValidationError,
} from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OperatorContext } from '../context/operator-context';
import { fakeDriver, rootContext } from '../test-support';
import { AgentOperator } from './agent-operator';

const bus = (events: RuntimeEvent[]) => ({
  publish: async (e: RuntimeEvent) => {
    events.push(e);
  },
  subscribe: async () => ({ id: 'x', unsubscribe: async () => {} }),
  close: async () => {},
});

describe('AgentOperator', () => {
  it('renders its prompt template, runs the driver and returns the final text (the summarizer)', async () => {
    const { driver, prompts } = fakeDriver([
      { text: 'A short summary.', usage: { inputTokens: 20, outputTokens: 4 } },
    ]);
    const summarizer = new AgentOperator({
      name: 'summarizer',
      description: 'Summarizes text content',
      driver,
      prompt: 'Summarize the following:\n\n{text}',
    });
    const context = rootContext();
    const result = await summarizer.execute({ text: 'Long text…' }, context);
    expect(result).toMatchObject({
      content: 'A short summary.',
      success: true,
      operatorName: 'summarizer',
      role: 'specialist',
    });
    expect(prompts).toEqual(['Summarize the following:\n\nLong text…']);
    expect(context.usage.totalTokens).toBe(24);
  });

  it('fails with a ValidationError naming the missing template field, without calling the model', async () => {
    const { driver, prompts } = fakeDriver([{ text: 'x' }]);
    const op = new AgentOperator({ name: 'a', driver, prompt: 'About {doc.title}' });
    const result = await op.execute({ doc: {} }, rootContext());
    expect(result.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringContaining('input.doc.title'),
    });
    expect(prompts).toEqual([]);
    expect(
      (
        await new AgentOperator({ name: 'b', driver, prompt: '{{literal}} {x}' }).execute(
          { x: 1 },
          rootContext(),
        )
      ).success,
    ).toBe(true);
    expect(prompts).toEqual(['{literal} 1']);
  });

  it('runs tool calls through the gate, validating input, and publishes model and tool events', async () => {
    const lookup = defineTool({
      name: 'lookup',
      description: 'Looks a word up',
      inputSchema: z.object({ word: z.string() }),
      execute: ({ word }) => `${word}: a definition`,
    });
    const { driver, toolOutcomes } = fakeDriver([
      {
        toolCalls: [
          { toolName: 'lookup', input: { word: 'orchestra' } },
          { toolName: 'lookup', input: { w: 1 } },
        ],
      },
      {
        toolCalls: [
          { toolName: 'forbidden', input: {} },
          { toolName: 'missing', input: {} },
        ],
      },
      { text: 'Done.' },
    ]);
    const events: RuntimeEvent[] = [];
    const context = OperatorContext.create(new ExecutionContext({ scopeId: 's', jobId: 'j' }), {
      eventBus: bus(events),
      clock: new ManualClock(),
    });
    const op = new AgentOperator({
      name: 'researcher',
      driver,
      prompt: '{text}',
      tools: [lookup, { ...lookup, name: 'forbidden' }],
      toolGate: async (call, next) =>
        call.toolName === 'forbidden' ? { type: 'error', error: 'denied by gate' } : next(),
    });
    const result = await op.execute({ text: 'go' }, context);
    expect(result).toMatchObject({ success: true, content: 'Done.', metadata: { steps: 3 } });
    expect(toolOutcomes).toEqual([
      { type: 'result', output: 'orchestra: a definition' },
      { type: 'error', error: expect.stringContaining('word') },
      { type: 'error', error: 'denied by gate' },
      { type: 'error', error: 'tool missing not found' },
    ]);
    expect(events.filter((e) => e.type === 'tool.error').map((e) => e.data)).toMatchObject([
      { toolName: 'lookup', error: { name: 'ValidationError', code: 'VALIDATION_ERROR' } },
      { toolName: 'missing', error: { name: 'NotFoundError', code: 'NOT_FOUND' } },
    ]);
    expect(context.usage.toolCalls).toBe(1);
    expect(events.map((e) => e.type)).toEqual([
      'tool.start',
      'tool.end',
      'tool.error',
      'model.done',
      'tool.error',
      'model.done',
      'model.done',
    ]);
    expect(events.at(-1)?.data).toMatchObject({
      provider: 'fake',
      model: 'fake-1',
      text: 'Done.',
      cost: '0',
    });
  });

  it("carries a tool's metadata on its tool events as toolMetadata, as the kernel does", async () => {
    const lookup = defineTool({
      name: 'lookup',
      description: 'Looks a word up',
      inputSchema: z.object({ word: z.string() }),
      metadata: { mcpServer: 'dictionary' },
      execute: ({ word }) => `${word}: a definition`,
    });
    const { driver } = fakeDriver([
      {
        toolCalls: [
          { toolName: 'lookup', input: { word: 'orchestra' } },
          { toolName: 'lookup', input: {} },
        ],
      },
      { text: 'Done.' },
    ]);
    const events: RuntimeEvent[] = [];
    const context = OperatorContext.create(new ExecutionContext({ scopeId: 's', jobId: 'j' }), {
      eventBus: bus(events),
      clock: new ManualClock(),
    });
    await new AgentOperator({ name: 'a', driver, prompt: 'x', tools: [lookup] }).execute({}, context);
    const toolEvents = events.filter((e) => e.type.startsWith('tool.'));
    expect(toolEvents.map((e) => [e.type, 'toolMetadata' in e.data && e.data.toolMetadata])).toEqual([
      ['tool.start', { mcpServer: 'dictionary' }],
      ['tool.end', { mcpServer: 'dictionary' }],
      ['tool.error', { mcpServer: 'dictionary' }],
    ]);
  });

  it('refuses a tool needing a human (no kernel) and a tool call over maxToolCalls', async () => {
    const approve = defineTool({
      name: 'approve',
      description: 'Needs approval',
      inputSchema: z.object({}),
      execute: async (_input, ctx) => ctx.requireAction({ type: 'approval' }),
    });
    const { driver, toolOutcomes } = fakeDriver([
      { toolCalls: [{ toolName: 'approve', input: {} }] },
      { toolCalls: [{ toolName: 'approve', input: {} }] },
      { text: 'ok' },
    ]);
    const op = new AgentOperator({ name: 'a', driver, prompt: 'x', tools: [approve] });
    await op.execute({}, rootContext({ budgets: { maxToolCalls: 1 } }));
    expect(toolOutcomes).toEqual([
      { type: 'error', error: expect.stringContaining("needs the kernel's action manager") },
      { type: 'error', error: expect.stringContaining('maxToolCalls') },
    ]);
  });

  it('stops before a model step once tokens, cost or maxTurns are used up', async () => {
    const loop = (n: number) => Array.from({ length: n }, () => ({ toolCalls: [], text: 'again' }));
    const tools = fakeDriver([
      { toolCalls: [{ toolName: 'none', input: {} }], usage: { inputTokens: 30, outputTokens: 30 } },
      ...loop(1),
    ]);
    const byTokens = await new AgentOperator({ name: 'a', driver: tools.driver, prompt: 'x' }).execute(
      {},
      rootContext({ budgets: { maxTokens: 50 } }),
    );
    expect(byTokens.error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      message: expect.stringContaining('maxTokens'),
    });
    const turns = fakeDriver([{ toolCalls: [{ toolName: 'none', input: {} }] }, ...loop(1)]);
    const byTurns = await new AgentOperator({ name: 'a', driver: turns.driver, prompt: 'x' }).execute(
      {},
      rootContext({ budgets: { maxTurns: 1 } }),
    );
    expect(byTurns.error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      message: expect.stringContaining('maxTurns'),
    });
    const priced = fakeDriver([{ toolCalls: [{ toolName: 'none', input: {} }] }, ...loop(1)]);
    const context = rootContext({ budgets: { maxCost: '0.01' } });
    const byCost = await new AgentOperator({
      name: 'a',
      driver: priced.driver,
      prompt: 'x',
      pricing: () => '0.01',
    }).execute({}, context);
    expect(byCost.error?.message).toContain('maxCost');
    expect(context.usage.cost.toString()).toBe('0.01');
  });

  it('reports a model error or a cancelled run as a failed result', async () => {
    const failing = fakeDriver([{ error: new Error('provider down') }]);
    const result = await new AgentOperator({ name: 'a', driver: failing.driver, prompt: 'x' }).execute(
      {},
      rootContext(),
    );
    expect(result.error?.message).toBe('provider down');
    const context = rootContext();
    context.executionContext.cancellation.cancel('stop');
    const cancelled = await new AgentOperator({
      name: 'a',
      driver: fakeDriver([{ text: 'x' }]).driver,
      prompt: 'x',
    }).execute({}, context);
    expect(cancelled.error?.code).toBe('CANCELLED');
  });

  it('validates its options', () => {
    const { driver } = fakeDriver([]);
    expect(() => new AgentOperator({ name: '', driver, prompt: 'x' })).toThrow(ValidationError);
    expect(() => new AgentOperator({ name: 'a', driver: {} as never, prompt: 'x' })).toThrow(
      expect.objectContaining({ field: 'options.driver' }),
    );
    expect(() => new AgentOperator({ name: 'a', driver, prompt: 'x', role: 'boss' as never })).toThrow(
      expect.objectContaining({ field: 'options.role' }),
    );
  });
});

describe('AgentOperator on the AI SDK driver (scriptedDriver)', () => {
  it('runs a real tool loop: tool calls go through the gate, the model sees the outcomes', async () => {
    const lookup = defineTool({
      name: 'lookup',
      description: 'Looks a word up',
      inputSchema: z.object({ word: z.string() }),
      execute: ({ word }) => `${word}: a definition`,
    });
    const model = scriptedModel([
      {
        toolCalls: [
          { toolName: 'lookup', input: { word: 'orchestra' } },
          { toolName: 'delete_all', input: {} },
        ],
      },
      { text: 'An orchestra is a large ensemble.', usage: { inputTokens: 40, outputTokens: 8 } },
    ]);
    const events: RuntimeEvent[] = [];
    const context = OperatorContext.create(new ExecutionContext({ scopeId: 's', jobId: 'j' }), {
      eventBus: bus(events),
    });
    const op = new AgentOperator({
      name: 'researcher',
      driver: aiSdkDriver({ model, middleware: 'none' }),
      prompt: 'Define {word}',
      tools: [lookup, { ...lookup, name: 'delete_all', inputSchema: z.object({}) }],
      toolGate: async (call, next) =>
        call.toolName === 'delete_all' ? { type: 'error', error: 'denied' } : next(),
    });
    const result = await op.execute({ word: 'orchestra' }, context);
    expect(result).toMatchObject({
      success: true,
      content: 'An orchestra is a large ensemble.',
      metadata: { steps: 2 },
    });
    expect(JSON.stringify(model.doStreamCalls[0]?.prompt)).toContain('Define orchestra');
    const secondPrompt = JSON.stringify(model.doStreamCalls[1]?.prompt);
    expect(secondPrompt).toContain('orchestra: a definition');
    expect(secondPrompt).toContain('denied');
    expect(events.filter((e) => e.type.startsWith('tool.')).map((e) => e.type)).toEqual([
      'tool.start',
      'tool.end',
    ]);
    expect(context.usage).toMatchObject({ toolCalls: 1, outputTokens: expect.any(Number) });
  });

  it('stops the real loop when the budget is used up before the next step', async () => {
    const lookup = defineTool({
      name: 'lookup',
      description: 'Looks a word up',
      inputSchema: z.object({}),
      execute: () => 'x',
    });
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'lookup', input: {} }], usage: { inputTokens: 80, outputTokens: 20 } },
      { text: 'never reached' },
    ]);
    const op = new AgentOperator({
      name: 'a',
      driver: aiSdkDriver({ model, middleware: 'none' }),
      prompt: 'x',
      tools: [lookup],
    });
    const result = await op.execute({}, rootContext({ budgets: { maxTokens: 100 } }));
    expect(result.error).toMatchObject({ code: 'BUDGET_EXCEEDED' });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it("passes each model step through the context's StepGate: its plan reaches the model call, its hold the usage recorder", async () => {
    const model = scriptedModel([{ text: 'capped', usage: { inputTokens: 5, outputTokens: 50 } }], {
      honourMaxOutputTokens: true,
    });
    const holds: string[] = [];
    const hold = { release: async () => holds.push('released') };
    const recorded: unknown[] = [];
    const context = rootContext({
      stepGate: async (_info, agent) => {
        holds.push(`gate ${agent.name} ${agent.model.modelId}`);
        return { plan: { maxOutputTokens: 7 }, hold };
      },
      usageRecorder: {
        recordModelUsage: async (_ctx, usage, info) => {
          recorded.push({ outputTokens: usage.outputTokens, settles: info.hold === hold });
        },
      },
    });
    const op = new AgentOperator({
      name: 'a',
      driver: aiSdkDriver({ model, middleware: 'none' }),
      prompt: 'x',
    });
    expect(await op.execute({}, context)).toMatchObject({ success: true, content: 'capped' });
    expect(model.doStreamCalls.map((call) => call.maxOutputTokens)).toEqual([7]);
    expect(recorded).toEqual([{ outputTokens: 7, settles: true }]);
    expect(holds).toEqual(['gate a scripted-model']);
  });

  it('a step that reports no usage gives its hold back; a refusing StepGate stops the run before the model call', async () => {
    const released: string[] = [];
    const failing = scriptedModel([{ error: new Error('provider down') }]);
    const context = rootContext({
      stepGate: async () => ({ hold: { release: async () => released.push('hold') } }),
    });
    const op = new AgentOperator({
      name: 'a',
      driver: aiSdkDriver({ model: failing, middleware: 'none' }),
      prompt: 'x',
    });
    expect(await op.execute({}, context)).toMatchObject({ success: false });
    expect(released).toEqual(['hold']);

    const untouched = scriptedModel([{ text: 'never' }]);
    const refusing = rootContext({
      stepGate: async () => {
        throw new ValidationError({ field: 'step', message: 'step: refused' });
      },
    });
    const refused = new AgentOperator({
      name: 'b',
      driver: aiSdkDriver({ model: untouched, middleware: 'none' }),
      prompt: 'x',
    });
    expect(await refused.execute({}, refusing)).toMatchObject({
      success: false,
      error: { message: 'step: refused' },
    });
    expect(untouched.doStreamCalls).toHaveLength(0);
  });

  it("gives tools the context's ToolServices: requireAction and artifacts come from the runtime around the run", async () => {
    const asked: unknown[] = [];
    const confirm = defineTool({
      name: 'confirm',
      description: 'asks',
      inputSchema: z.object({}),
      execute: async (_input, { requireAction, idempotencyKey }) => {
        const action = await requireAction({ type: 'confirm' });
        return `${action.resolution?.approved} ${idempotencyKey}`;
      },
    });
    const context = rootContext({
      toolServices: (call) => ({
        idempotencyKey: `key:${call.toolName}`,
        requireAction: async (spec) => {
          asked.push(spec.type);
          return {
            actionId: 'a1',
            jobId: 'j',
            type: spec.type,
            status: 'resolved',
            payload: {},
            resolution: { approved: true },
          };
        },
        createArtifact: async () => {
          throw new Error('unused');
        },
        updateArtifact: async () => {
          throw new Error('unused');
        },
      }),
    });
    const model = scriptedModel([{ toolCalls: [{ toolName: 'confirm', input: {} }] }, { text: 'done' }]);
    const op = new AgentOperator({
      name: 'a',
      driver: aiSdkDriver({ model, middleware: 'none' }),
      prompt: 'x',
      tools: [confirm],
    });
    expect(await op.execute({}, context)).toMatchObject({ success: true, content: 'done' });
    expect(asked).toEqual(['confirm']);
    expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain('true key:confirm');
  });
});
