import { defineTool } from '@agent-runtime/core';
import { type LanguageModelMiddleware, simulateReadableStream } from 'ai';
import { MockLanguageModelV3, MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aiSdkDriver } from './ai-sdk-driver';
import type { ModelStreamPart } from './language-model-v4';
import { collect, partsOfType, runRequest } from './run-request.fixture';
import { scriptedModel } from './scripted-model';

const USAGE: Extract<ModelStreamPart, { type: 'finish' }>['usage'] = {
  inputTokens: { total: 4, noCache: 4, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 2, text: 2, reasoning: undefined },
};

function streamingModel(chunks: ModelStreamPart[]): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    doStream: async () => ({
      stream: simulateReadableStream({ chunks, initialDelayInMs: null, chunkDelayInMs: null }),
    }),
  });
}

const finish = (unified: 'stop' | 'tool-calls', providerMetadata?: Record<string, Record<string, string>>) =>
  ({
    type: 'finish',
    finishReason: { unified, raw: unified },
    usage: USAGE,
    ...(providerMetadata ? { providerMetadata } : {}),
  }) as ModelStreamPart;

describe('the driver at the provider (doStream) level', () => {
  it("runs the stream through the middleware's wrapStream", async () => {
    const shouting: LanguageModelMiddleware = {
      specificationVersion: 'v4',
      wrapStream: async ({ doStream }) => {
        const result = await doStream();
        const upper = new TransformStream<ModelStreamPart, ModelStreamPart>({
          transform: (part, controller) =>
            controller.enqueue(
              part.type === 'text-delta' ? { ...part, delta: part.delta.toUpperCase() } : part,
            ),
        });
        return { ...result, stream: result.stream.pipeThrough(upper) };
      },
    };
    const model = scriptedModel([{ text: 'quiet words' }]);
    const parts = await collect(aiSdkDriver({ model, middleware: [shouting] }).run(runRequest()));
    expect(partsOfType(parts, 'finish')[0]?.text).toBe('QUIET WORDS');
  });

  it('keeps the provider metadata of text, reasoning and tool calls for the next call, and the reported cost', async () => {
    const item = (id: string) => ({ openai: { itemId: id } });
    const first = streamingModel([
      { type: 'reasoning-start', id: 'r', providerMetadata: item('rs_1') },
      { type: 'reasoning-delta', id: 'r', delta: 'think' },
      { type: 'reasoning-end', id: 'r', providerMetadata: { openai: { itemId: 'rs_1', encrypted: 'x' } } },
      { type: 'text-start', id: 't', providerMetadata: item('msg_1') },
      { type: 'text-delta', id: 't', delta: 'hi' },
      { type: 'text-end', id: 't' },
      {
        type: 'tool-call',
        toolCallId: 'c1',
        toolName: 'echo',
        input: '{"value":"a"}',
        providerMetadata: item('fc_1'),
      },
      finish('tool-calls', { gateway: { cost: '0.0012' } }),
    ]);
    const echo = defineTool({
      name: 'echo',
      description: 'echo',
      inputSchema: z.object({ value: z.string() }),
      execute: ({ value }) => value,
    });
    const parts = await collect(
      aiSdkDriver({ model: first, maxSteps: 1 }).run(runRequest({ tools: [echo], maxSteps: 1 })),
    );
    const [stepFinish] = partsOfType(parts, 'step-finish');
    expect(stepFinish).toMatchObject({ reasoning: 'think', text: 'hi', providerCost: '0.0012' });
    expect(stepFinish?.state.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'think', providerOptions: { openai: { itemId: 'rs_1', encrypted: 'x' } } },
        { type: 'text', text: 'hi', providerOptions: item('msg_1') },
        {
          type: 'tool-call',
          toolCallId: 'c1',
          toolName: 'echo',
          input: { value: 'a' },
          providerOptions: item('fc_1'),
        },
      ],
    });
  });

  it('passes a call with malformed JSON input to the gate as its raw text, and an empty input to the model', async () => {
    const model = streamingModel([
      { type: 'tool-call', toolCallId: 'c1', toolName: 'echo', input: '{"value":' },
      finish('tool-calls'),
    ]);
    const request = runRequest({ maxSteps: 1 });
    const parts = await collect(aiSdkDriver({ model }).run(request));
    expect(request.executed).toEqual([{ toolCallId: 'c1', toolName: 'echo', input: '{"value":' }]);
    const state = partsOfType(parts, 'step-finish')[0]?.state;
    expect(state?.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'echo', input: {} }],
    });
  });

  it("rejects with an Error carrying the provider's message when it streams a plain error object", async () => {
    const apiError = { type: 'server_error', code: 'overloaded', message: 'the server is overloaded' };
    const model = streamingModel([{ type: 'error', error: { error: apiError } }]);
    const failure = await collect(aiSdkDriver({ model, middleware: 'none' }).run(runRequest())).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ message: 'the server is overloaded', cause: { error: apiError } });
  });

  it('drives a LanguageModelV3 model through the AI SDK adapter', async () => {
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [
            { type: 'text-start', id: 't' },
            { type: 'text-delta', id: 't', delta: 'from v3' },
            { type: 'text-end', id: 't' },
            { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: USAGE },
          ],
          initialDelayInMs: null,
          chunkDelayInMs: null,
        }),
      }),
    });
    const parts = await collect(aiSdkDriver({ model }).run(runRequest()));
    expect(partsOfType(parts, 'finish')[0]).toMatchObject({ text: 'from v3', usage: { totalTokens: 6 } });
  });
});
