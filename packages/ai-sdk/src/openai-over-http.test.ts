import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineTool } from '@agent-runtime/core';
import { createOpenAI } from '@ai-sdk/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aiSdkDriver } from './ai-sdk-driver';
import { collect, partsOfType, runRequest } from './run-request.fixture';

interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    messages: { role: string; content?: unknown; tool_call_id?: string }[];
    stream: boolean;
  };
}

type Reply = { status: number; body: string } | { chunks: unknown[] };

const chunk = (delta: object, finishReason: string | null = null, usage?: object) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-test',
  choices: [{ index: 0, delta, finish_reason: finishReason }],
  ...(usage ? { usage } : {}),
});

const usage = (prompt: number, completion: number) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
});

/** A local server speaking the OpenAI chat-completions wire format (JSON errors, SSE streams), one reply per request. */
async function openAiServer(
  replies: Reply[],
): Promise<{ server: Server; baseURL: string; received: ReceivedRequest[] }> {
  const received: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const piece of req) raw += piece;
    received.push({ headers: req.headers, body: JSON.parse(raw) });
    const reply = replies.shift() ?? { status: 500, body: '{"error":{"message":"no reply scripted"}}' };
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const data of reply.chunks) res.write(`data: ${JSON.stringify(data)}\n\n`);
    res.end('data: [DONE]\n\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, baseURL: `http://127.0.0.1:${port}/v1`, received };
}

const add = defineTool({
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

const toolCallStep: Reply = {
  chunks: [
    chunk({
      role: 'assistant',
      tool_calls: [
        { index: 0, id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":2,' } },
      ],
    }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"b":3}' } }] }),
    chunk({}, 'tool_calls', usage(20, 8)),
  ],
};

const answerStep: Reply = {
  chunks: [
    chunk({ role: 'assistant', content: 'The sum ' }),
    chunk({ content: 'is 5.' }),
    chunk({}, 'stop', usage(30, 4)),
  ],
};

describe('@ai-sdk/openai over real HTTP and SSE (local server)', () => {
  let server: Server | undefined;
  beforeEach(() => {
    server = undefined;
  });
  afterEach(async () => {
    server?.close();
    if (server) await once(server, 'close');
  });

  it('streams a tool-calling conversation, retrying a 503, with trace and idempotency headers', async () => {
    const local = await openAiServer([
      { status: 503, body: '{"error":{"message":"overloaded"}}' },
      toolCallStep,
      answerStep,
    ]);
    server = local.server;
    const openai = createOpenAI({ baseURL: local.baseURL, apiKey: 'test-key' });
    const driver = aiSdkDriver({ model: openai.chat('gpt-test'), retryDelayMs: 0 });
    const request = runRequest({ tools: [add], prompt: 'What is 2 + 3?' });
    const parts = await collect(driver.run(request));

    expect(driver.model).toEqual({ provider: 'openai.chat', modelId: 'gpt-test' });
    expect(local.received).toHaveLength(3);
    for (const { headers } of local.received) {
      expect(headers.traceparent).toBe(request.context.traceparent);
      expect(headers['idempotency-key']).toBe('job-1');
      expect(headers.authorization).toBe('Bearer test-key');
    }
    expect(request.executed).toEqual([{ toolCallId: 'call_1', toolName: 'add', input: { a: 2, b: 3 } }]);
    expect(local.received[2]?.body.messages.at(-1)).toMatchObject({
      role: 'tool',
      tool_call_id: 'call_1',
      content: '5',
    });
    expect(partsOfType(parts, 'text-delta').map((part) => part.delta)).toEqual(['The sum ', 'is 5.']);
    expect(partsOfType(parts, 'step-finish').map((part) => part.usage)).toEqual([
      { inputTokens: 20, outputTokens: 8, totalTokens: 28, reasoningTokens: 0, cachedInputTokens: 0 },
      { inputTokens: 30, outputTokens: 4, totalTokens: 34, reasoningTokens: 0, cachedInputTokens: 0 },
    ]);
    expect(partsOfType(parts, 'finish')[0]).toMatchObject({ text: 'The sum is 5.', steps: 2 });
  });

  it('does not retry a 400 and rejects with the provider error', async () => {
    const local = await openAiServer([
      { status: 400, body: '{"error":{"message":"bad request: model unknown"}}' },
      answerStep,
    ]);
    server = local.server;
    const openai = createOpenAI({ baseURL: local.baseURL, apiKey: 'test-key' });
    const driver = aiSdkDriver({ model: openai.chat('gpt-test'), retryDelayMs: 0 });
    await expect(collect(driver.run(runRequest()))).rejects.toMatchObject({
      name: 'AI_APICallError',
      statusCode: 400,
      message: expect.stringContaining('bad request: model unknown'),
    });
    expect(local.received).toHaveLength(1);
  });
});
