import { type AgentState, BudgetExceededError, defineTool, ValidationError } from '@agent-runtime/core';
import { hasToolCall } from 'ai';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { aiSdkDriver } from './ai-sdk-driver';
import { collect, partsOfType, runRequest } from './run-request.fixture';
import { scriptedModel } from './scripted-model';

const echo = defineTool({
  name: 'echo',
  description: 'Echoes its text',
  inputSchema: z.object({ text: z.string() }),
  execute: ({ text }) => text,
});

const callEcho = (text: string, toolCallId?: string) => ({
  toolCalls: [{ toolName: 'echo', input: { text }, ...(toolCallId ? { toolCallId } : {}) }],
});

describe('the agent loop', () => {
  it('streams reasoning deltas and reports the reasoning on step-finish', async () => {
    const model = scriptedModel([{ reasoning: 'think first', text: 'done' }]);
    const parts = await collect(aiSdkDriver({ model }).run(runRequest()));
    expect(partsOfType(parts, 'reasoning-delta').map((part) => part.delta)).toEqual(['think ', 'first']);
    expect(partsOfType(parts, 'step-finish')[0]).toMatchObject({ reasoning: 'think first', text: 'done' });
  });

  it('tells the model an error outcome as the tool error result and goes on', async () => {
    const model = scriptedModel([callEcho('x', 'c1'), { text: 'recovered' }]);
    const request = runRequest({
      tools: [echo],
      executeTool: async () => ({ type: 'error', error: 'denied by policy' }),
    });
    const parts = await collect(aiSdkDriver({ model }).run(request));
    expect(partsOfType(parts, 'tool-result')[0]).toMatchObject({ output: 'denied by policy', isError: true });
    expect(model.doStreamCalls[1]?.prompt.at(-1)).toMatchObject({
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'c1', output: { type: 'error-text', value: 'denied by policy' } },
      ],
    });
    expect(partsOfType(parts, 'finish')[0]?.text).toBe('recovered');
  });

  it('sends a string tool output as text and a non-JSON output as its JSON form', async () => {
    const model = scriptedModel([
      {
        toolCalls: [
          { toolName: 'echo', input: { text: 'hi' } },
          { toolName: 'clock', input: {} },
        ],
      },
      { text: 'ok' },
    ]);
    const clock = defineTool({
      name: 'clock',
      description: 'Returns a date and nothing',
      inputSchema: z.object({}),
      execute: () => ({ at: new Date(0), gone: undefined }),
    });
    await collect(aiSdkDriver({ model }).run(runRequest({ tools: [echo, clock] })));
    expect(model.doStreamCalls[1]?.prompt.at(-1)).toMatchObject({
      content: [
        { output: { type: 'text', value: 'hi' } },
        { output: { type: 'json', value: { at: '1970-01-01T00:00:00.000Z' } } },
      ],
    });
  });

  it('routes a call of a tool it does not offer through the gate too', async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'nope', input: { a: 1 }, toolCallId: 'n1' }] },
      { text: 'ok' },
    ]);
    const request = runRequest({ tools: [echo] });
    const parts = await collect(aiSdkDriver({ model }).run(request));
    expect(request.executed).toEqual([{ toolCallId: 'n1', toolName: 'nope', input: { a: 1 } }]);
    expect(partsOfType(parts, 'tool-result')[0]).toMatchObject({
      isError: true,
      output: 'unknown tool nope',
    });
    const toolMessages = model.doStreamCalls[1]?.prompt.filter((message) => message.role === 'tool') ?? [];
    expect(toolMessages.flatMap((message) => message.content)).toMatchObject([
      { type: 'tool-result', toolCallId: 'n1', output: { type: 'error-text', value: 'unknown tool nope' } },
    ]);
  });

  it('offers exactly request.tools to the model, with their JSON schemas', async () => {
    const model = scriptedModel([{ text: 'ok' }]);
    const driver = aiSdkDriver({ model, tools: [echo] });
    expect(driver.tools).toEqual([echo]);
    await collect(driver.run(runRequest({ tools: [] })));
    expect(model.doStreamCalls[0]?.tools ?? []).toEqual([]);
    const offered = scriptedModel([{ text: 'ok' }]);
    await collect(aiSdkDriver({ model: offered }).run(runRequest({ tools: [echo] })));
    expect(offered.doStreamCalls[0]?.tools).toMatchObject([
      {
        type: 'function',
        name: 'echo',
        description: 'Echoes its text',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
    ]);
  });

  it('ends the run with the error executeTool throws', async () => {
    const model = scriptedModel([callEcho('x'), { text: 'never' }]);
    const failure = new BudgetExceededError({ limit: 'maxCost', limitValue: '1', usage: '2' });
    const request = runRequest({ tools: [echo], executeTool: async () => Promise.reject(failure) });
    await expect(collect(aiSdkDriver({ model }).run(request))).rejects.toBe(failure);
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('awaits beforeStep before every model step with the step number and the state so far', async () => {
    const model = scriptedModel([callEcho('a'), { text: 'done' }]);
    const seen: { step: number; state: AgentState; modelCalls: number }[] = [];
    const request = runRequest({
      tools: [echo],
      beforeStep: async (info) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push({ ...info, modelCalls: model.doStreamCalls.length });
        return undefined;
      },
    });
    await collect(aiSdkDriver({ model }).run(request));
    expect(seen.map(({ step, modelCalls }) => ({ step, modelCalls }))).toEqual([
      { step: 1, modelCalls: 0 },
      { step: 2, modelCalls: 1 },
    ]);
    expect(seen[0]?.state).toMatchObject({ step: 0, messages: [{ role: 'user', content: 'hello' }] });
    expect(seen[1]?.state.step).toBe(1);
    expect(seen[1]?.state.messages.map((message) => (message as { role: string }).role)).toEqual([
      'user',
      'assistant',
      'tool',
    ]);
  });

  it('ends the run with the error beforeStep throws, without calling the model again', async () => {
    const model = scriptedModel([callEcho('a'), { text: 'never' }]);
    const stop = new BudgetExceededError({ limit: 'maxTurns', limitValue: 1, usage: 2 });
    const request = runRequest({
      tools: [echo],
      beforeStep: async ({ step }) => {
        if (step === 2) throw stop;
        return undefined;
      },
    });
    const parts: string[] = [];
    await expect(
      (async () => {
        for await (const part of aiSdkDriver({ model }).run(request)) parts.push(part.type);
      })(),
    ).rejects.toBe(stop);
    expect(model.doStreamCalls).toHaveLength(1);
    expect(parts.at(-1)).toBe('tool-result');
  });

  it('switches a step to degradedModel when beforeStep says degrade', async () => {
    const model = scriptedModel([callEcho('a')], { modelId: 'big' });
    const degradedModel = scriptedModel([{ text: 'cheap answer' }], { modelId: 'small' });
    const driver = aiSdkDriver({ model, degradedModel });
    expect(driver.degradedModel).toEqual({ provider: 'scripted', modelId: 'small' });
    const request = runRequest({ tools: [echo], beforeStep: async ({ step }) => ({ degrade: step > 1 }) });
    const parts = await collect(driver.run(request));
    expect(partsOfType(parts, 'step-start').map((part) => part.model.modelId)).toEqual(['big', 'small']);
    expect(partsOfType(parts, 'step-finish').map((part) => part.model.modelId)).toEqual(['big', 'small']);
    expect(degradedModel.doStreamCalls[0]?.prompt.at(-1)).toMatchObject({ role: 'tool' });
    expect(partsOfType(parts, 'finish')[0]?.text).toBe('cheap answer');
  });

  it('checkpoints a JSON-serializable state that lists the step tool calls as pending', async () => {
    const model = scriptedModel([{ reasoning: 'hm', ...callEcho('a', 'c1') }, { text: 'done' }]);
    const parts = await collect(aiSdkDriver({ model }).run(runRequest({ tools: [echo] })));
    const [first, second] = partsOfType(parts, 'step-finish');
    expect(first?.state.pendingToolCalls).toEqual([
      { toolCallId: 'c1', toolName: 'echo', input: { text: 'a' } },
    ]);
    expect(second?.state.pendingToolCalls).toBeUndefined();
    for (const part of [...partsOfType(parts, 'step-finish'), ...partsOfType(parts, 'finish')])
      expect(JSON.parse(JSON.stringify(part.state))).toEqual(part.state);
    expect(partsOfType(parts, 'finish')[0]?.state).toEqual(second?.state);
  });

  it('resumes from a checkpoint: runs its pending tool calls, then calls the model only for the next step', async () => {
    const firstRun = await collect(
      aiSdkDriver({ model: scriptedModel([callEcho('a', 'c1'), { text: 'unused' }]) }).run(
        runRequest({ tools: [echo] }),
      ),
    );
    const saved = JSON.parse(JSON.stringify(partsOfType(firstRun, 'step-finish')[0]?.state)) as AgentState;
    const model = scriptedModel([{ text: 'resumed answer', usage: { inputTokens: 4, outputTokens: 2 } }]);
    const request = runRequest({ tools: [echo], resumeFrom: saved, prompt: 'ignored' });
    const parts = await collect(aiSdkDriver({ model }).run(request));

    expect(request.executed).toEqual([{ toolCallId: 'c1', toolName: 'echo', input: { text: 'a' } }]);
    expect(parts.map((part) => part.type)).toEqual([
      'tool-result',
      'step-start',
      'text-delta',
      'text-delta',
      'step-finish',
      'finish',
    ]);
    expect(parts[0]).toMatchObject({ step: 1, output: 'a' });
    expect(partsOfType(parts, 'step-start')[0]?.step).toBe(2);
    expect(model.doStreamCalls).toHaveLength(1);
    expect(model.doStreamCalls[0]?.prompt.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
    ]);
    expect(partsOfType(parts, 'finish')[0]).toMatchObject({
      text: 'resumed answer',
      steps: 2,
      usage: { inputTokens: 14, outputTokens: 7, totalTokens: 21 },
    });
  });

  it('resumes a finished conversation without calling the model', async () => {
    const firstRun = await collect(
      aiSdkDriver({ model: scriptedModel([{ text: 'final' }]) }).run(runRequest()),
    );
    const saved = partsOfType(firstRun, 'finish')[0]?.state as AgentState;
    const model = scriptedModel([]);
    const parts = await collect(aiSdkDriver({ model }).run(runRequest({ resumeFrom: saved })));
    expect(parts).toEqual([{ type: 'finish', text: 'final', usage: saved.usage, steps: 1, state: saved }]);
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('rejects a malformed resumeFrom with a ValidationError naming the field', async () => {
    const model = scriptedModel([{ text: 'never' }]);
    const resumeFrom = {
      step: -1,
      messages: [{ role: 'user', content: 'x' }],
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    };
    const error = await collect(aiSdkDriver({ model }).run(runRequest({ resumeFrom }))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('request.resumeFrom.step');
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('stops after maxSteps model steps, the smaller of the driver and the request limit', async () => {
    const script = () => scriptedModel([callEcho('1'), callEcho('2'), callEcho('3'), { text: 'never' }]);
    const byDriver = await collect(
      aiSdkDriver({ model: script(), maxSteps: 2 }).run(runRequest({ tools: [echo] })),
    );
    expect(partsOfType(byDriver, 'finish')[0]?.steps).toBe(2);
    expect(partsOfType(byDriver, 'tool-result')).toHaveLength(2);
    const byRequest = await collect(
      aiSdkDriver({ model: script(), maxSteps: 5 }).run(runRequest({ tools: [echo], maxSteps: 1 })),
    );
    expect(partsOfType(byRequest, 'finish')[0]).toMatchObject({ steps: 1, state: { step: 1 } });
  });

  it("a request's maxSteps above the default 20 is honoured when the driver sets none", async () => {
    const calls = Array.from({ length: 24 }, (_, i) => callEcho(String(i)));
    const model = scriptedModel([...calls, { text: 'answer after 25 steps' }]);
    const parts = await collect(aiSdkDriver({ model }).run(runRequest({ tools: [echo], maxSteps: 30 })));
    expect(partsOfType(parts, 'finish')[0]).toMatchObject({ steps: 25, text: 'answer after 25 steps' });
    expect(partsOfType(parts, 'finish')[0]?.stoppedAtStepLimit).toBeUndefined();
  });

  it('says when it stopped at the step limit without an answer', async () => {
    const model = scriptedModel([callEcho('1'), callEcho('2'), { text: 'never' }]);
    const capped = await collect(aiSdkDriver({ model }).run(runRequest({ tools: [echo], maxSteps: 2 })));
    expect(partsOfType(capped, 'finish')[0]).toMatchObject({ steps: 2, stoppedAtStepLimit: true });
    const answered = await collect(
      aiSdkDriver({ model: scriptedModel([callEcho('1'), { text: 'done' }]) }).run(
        runRequest({ tools: [echo], maxSteps: 2 }),
      ),
    );
    expect(partsOfType(answered, 'finish')[0]?.stoppedAtStepLimit).toBeUndefined();
  });

  it('stops when an AI SDK stop condition holds', async () => {
    const model = scriptedModel([callEcho('1'), callEcho('2'), { text: 'never' }]);
    const stopWhen = vi.fn(hasToolCall('echo'));
    const parts = await collect(
      aiSdkDriver({ model, stopWhen: [stopWhen] }).run(runRequest({ tools: [echo] })),
    );
    expect(model.doStreamCalls).toHaveLength(1);
    expect(stopWhen).toHaveBeenCalledTimes(1);
    expect(partsOfType(parts, 'finish')[0]?.state.messages.at(-1)).toMatchObject({ role: 'tool' });
  });

  it('sends traceparent and the job id as Idempotency-Key with every model call', async () => {
    const model = scriptedModel([callEcho('1'), { text: 'ok' }]);
    const request = runRequest({ tools: [echo] });
    await collect(aiSdkDriver({ model }).run(request));
    for (const call of model.doStreamCalls) {
      expect(call.headers).toMatchObject({
        traceparent: request.context.traceparent,
        'Idempotency-Key': 'job-1',
      });
    }
    expect(request.context.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('sends no Idempotency-Key without a job id, and passes providerOptions through', async () => {
    const model = scriptedModel([{ text: 'ok' }]);
    const request = runRequest();
    const context = { ...request.context, idempotencyKey: undefined };
    await collect(
      aiSdkDriver({ model, providerOptions: { scripted: { flag: true } } }).run(runRequest({ context })),
    );
    expect(model.doStreamCalls[0]?.headers).not.toHaveProperty('Idempotency-Key');
    expect(model.doStreamCalls[0]?.providerOptions).toEqual({ scripted: { flag: true } });
  });
});
