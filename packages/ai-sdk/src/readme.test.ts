import { type AgentState, defineTool, ExecutionContext } from '@agent-runtime/core';
import { openai } from '@ai-sdk/openai';
import type { LanguageModelMiddleware } from 'ai';
import { expect, it, vi } from 'vitest';
import { z } from 'zod';
import { aiSdkDriver, productionMiddleware } from './index';
import { scriptedDriver, scriptedModel } from './testing';

const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather of a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: 21 }),
});
const ctx = new ExecutionContext({ scopeId: 'tenant-123', principalId: 'user-456', jobId: 'job-789' });

it('README: quick start', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const driver = aiSdkDriver({
    model: scriptedModel([
      { toolCalls: [{ toolName: 'get_weather', input: { city: 'Paris' } }] },
      { text: 'It is 21 °C in Paris.' },
    ]),
    degradedModel: scriptedModel([{ text: 'Mild.' }], { modelId: 'cheap' }),
    tools: [getWeather],
    instructions: 'Answer in one sentence.',
    maxSteps: 5,
  });
  const controller = new AbortController();
  let answer = '';
  for await (const part of driver.run({
    prompt: 'What is the weather in Paris?',
    context: ctx.toRequestContext(),
    signal: controller.signal,
    tools: driver.tools ?? [],
    executeTool: async (call, signal) => {
      const output = await getWeather.execute(getWeather.inputSchema.parse(call.input), { signal } as never);
      return { type: 'result', output };
    },
  })) {
    if (part.type === 'text-delta') answer += part.delta;
    if (part.type === 'step-finish') console.log(part.step, part.usage, part.state.pendingToolCalls);
  }
  console.log(answer);
  expect(answer).toBe('It is 21 °C in Paris.');
  expect(log).toHaveBeenCalledWith(1, { inputTokens: 10, outputTokens: 5, totalTokens: 15 }, [
    { toolCallId: 'call-1-1', toolName: 'get_weather', input: { city: 'Paris' } },
  ]);
  expect(driver.degradedModel).toEqual({ provider: 'scripted', modelId: 'cheap' });
  log.mockRestore();
});

it('README: checkpoint and resume', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const request = {
    prompt: 'What is the weather in Paris?',
    context: ctx.toRequestContext(),
    signal: new AbortController().signal,
    tools: [getWeather],
    executeTool: async () => ({ type: 'result' as const, output: { city: 'Paris', tempC: 21 } }),
  };
  let saved: AgentState | undefined;
  const first = aiSdkDriver({
    model: scriptedModel([{ toolCalls: [{ toolName: 'get_weather', input: { city: 'Paris' } }] }]),
  });
  for await (const part of first.run(request)) {
    if (part.type === 'step-finish') {
      saved = JSON.parse(JSON.stringify(part.state));
      break;
    }
  }
  const later = scriptedModel([{ text: 'It is 21 °C in Paris.' }]);
  for await (const part of aiSdkDriver({ model: later }).run({ ...request, resumeFrom: saved })) {
    if (part.type === 'finish') console.log(part.text, part.steps);
  }
  expect(later.doStreamCalls.length).toBe(1);
  expect(log).toHaveBeenCalledWith('It is 21 °C in Paris.', 2);
  log.mockRestore();
});

it('README: context, tracing and idempotency', async () => {
  const model = scriptedModel([{ text: 'Hello!' }]);
  const execCtx = new ExecutionContext({ scopeId: 'tenant-123', principalId: 'user-456', jobId: 'job-789' });
  const requestCtx = execCtx.toRequestContext();
  for await (const _ of aiSdkDriver({ model }).run({
    prompt: 'Hello',
    context: requestCtx,
    signal: new AbortController().signal,
    tools: [],
    executeTool: async () => ({ type: 'error', error: 'no tools' }),
  })) {
  }
  expect(model.doStreamCalls[0]?.headers).toEqual({
    traceparent: `00-${execCtx.traceId}-${execCtx.spanId}-01`,
    'Idempotency-Key': 'job-789',
  });
});

it('README: middleware', () => {
  const model = openai('gpt-5-nano');
  const logging: LanguageModelMiddleware = {
    specificationVersion: 'v4',
    wrapStream: async ({ doStream, params }) => {
      console.log('model call with', params.prompt.length, 'messages');
      return doStream();
    },
  };
  const production = aiSdkDriver({ model, timeoutMs: 30_000, maxRetries: 3, retryDelayMs: 500 });
  const custom = aiSdkDriver({ model, middleware: [logging, productionMiddleware({ timeoutMs: 30_000 })] });
  const bare = aiSdkDriver({ model, middleware: 'none' });
  for (const driver of [production, custom, bare])
    expect(driver.model).toEqual({ provider: 'openai.responses', modelId: 'gpt-5-nano' });
});

it('README: test helpers', async () => {
  const agent = scriptedDriver([
    {
      toolCalls: [{ toolName: 'get_weather', input: { city: 'Paris' } }],
      usage: { inputTokens: 50, outputTokens: 10 },
    },
    { reasoning: 'The tool said 21 degrees.', text: 'It is 21 °C in Paris.' },
  ]);
  const failing = scriptedModel([{ error: new Error('provider down') }]);
  const parts = [];
  for await (const part of agent.run({
    prompt: 'Weather?',
    context: ctx.toRequestContext(),
    signal: new AbortController().signal,
    tools: [getWeather],
    executeTool: async () => ({ type: 'result', output: { tempC: 21 } }),
  }))
    parts.push(part);
  expect(parts.at(-1)).toMatchObject({ type: 'finish', text: 'It is 21 °C in Paris.', steps: 2 });
  await expect(failing.doStream({ prompt: [] })).rejects.toThrow('provider down');
});
