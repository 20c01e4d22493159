import { defineTool } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aiSdkDriver } from './ai-sdk-driver';
import { collect, partsOfType, runRequest } from './run-request.fixture';
import { scriptedModel } from './scripted-model';

const add = defineTool({
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => ({ sum: a + b }),
});

describe('aiSdkDriver', () => {
  it('streams text as deltas and finishes with the text, usage and state', async () => {
    const model = scriptedModel([{ text: 'Hello typed world', usage: { inputTokens: 7, outputTokens: 3 } }]);
    const driver = aiSdkDriver({ model, instructions: 'Be brief.' });
    const parts = await collect(driver.run(runRequest({ prompt: 'Say hello' })));

    expect(parts.map((part) => part.type)).toEqual([
      'step-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'step-finish',
      'finish',
    ]);
    expect(partsOfType(parts, 'text-delta').map((part) => part.delta)).toEqual(['Hello ', 'typed ', 'world']);
    const [stepFinish] = partsOfType(parts, 'step-finish');
    expect(stepFinish).toMatchObject({
      step: 1,
      model: { provider: 'scripted', modelId: 'scripted-model' },
      text: 'Hello typed world',
      finishReason: 'stop',
      usage: { inputTokens: 7, outputTokens: 3, totalTokens: 10 },
      toolCalls: [],
    });
    const [finish] = partsOfType(parts, 'finish');
    expect(finish).toMatchObject({ text: 'Hello typed world', steps: 1, usage: { totalTokens: 10 } });
    expect(finish?.state.messages).toEqual([
      { role: 'user', content: 'Say hello' },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello typed world' }] },
    ]);
    expect(model.doStreamCalls).toHaveLength(1);
    expect(model.doStreamCalls[0]?.prompt[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('runs tool calls through request.executeTool and feeds the results back to the model', async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'add', input: { a: 2, b: 3 }, toolCallId: 'c1' }] },
      { text: 'The sum is 5' },
    ]);
    const request = runRequest({ tools: [add] });
    const parts = await collect(aiSdkDriver({ model }).run(request));

    expect(request.executed).toEqual([{ toolCallId: 'c1', toolName: 'add', input: { a: 2, b: 3 } }]);
    expect(partsOfType(parts, 'tool-call')).toEqual([
      { type: 'tool-call', step: 1, toolCallId: 'c1', toolName: 'add', input: { a: 2, b: 3 } },
    ]);
    expect(partsOfType(parts, 'tool-result')).toEqual([
      { type: 'tool-result', step: 1, toolCallId: 'c1', toolName: 'add', output: { sum: 5 }, isError: false },
    ]);
    expect(partsOfType(parts, 'step-finish').map((part) => part.finishReason)).toEqual([
      'tool-calls',
      'stop',
    ]);
    expect(partsOfType(parts, 'finish')[0]).toMatchObject({ text: 'The sum is 5', steps: 2 });
    expect(model.doStreamCalls[1]?.prompt.at(-1)).toMatchObject({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'c1', output: { type: 'json', value: { sum: 5 } } }],
    });
    expect(model.doStreamCalls[0]?.tools).toMatchObject([{ type: 'function', name: 'add' }]);
  });
});
