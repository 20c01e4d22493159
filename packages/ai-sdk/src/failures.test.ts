import { defineTool } from '@agent-runtime/core';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { aiSdkDriver } from './ai-sdk-driver';
import { collect, runRequest } from './run-request.fixture';
import { scriptedModel } from './scripted-model';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const slow = defineTool({
  name: 'slow',
  description: 'Waits until aborted',
  inputSchema: z.object({}),
  execute: (_input, { signal }) =>
    new Promise((_resolve, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
    ),
});

describe('driver failures', () => {
  it('rejects the iterator with the model error thrown when the call starts', async () => {
    const failure = new Error('provider exploded');
    const model = scriptedModel([{ error: failure }]);
    await expect(collect(aiSdkDriver({ model, middleware: 'none' }).run(runRequest()))).rejects.toBe(failure);
  });

  it('rejects the iterator with an error the model streams mid-step, after the deltas before it', async () => {
    const failure = new Error('stream broke');
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [
            { type: 'text-start', id: 't' },
            { type: 'text-delta', id: 't', delta: 'partial ' },
            { type: 'error', error: failure },
          ],
          initialDelayInMs: null,
          chunkDelayInMs: null,
        }),
      }),
    });
    const seen: string[] = [];
    const run = (async () => {
      for await (const part of aiSdkDriver({ model }).run(runRequest())) seen.push(part.type);
    })();
    await expect(run).rejects.toBe(failure);
    expect(seen).toEqual(['step-start', 'text-delta']);
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('stops streaming promptly on abort and rejects with the abort reason', async () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
    const model = scriptedModel([{ text: words }], { chunkDelayMs: 5 });
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    const seen: string[] = [];
    const run = (async () => {
      for await (const part of aiSdkDriver({ model }).run(runRequest({ signal: controller.signal }))) {
        seen.push(part.type);
        if (seen.filter((type) => type === 'text-delta').length === 3) controller.abort(reason);
      }
    })();
    const startedAt = performance.now();
    await expect(run).rejects.toBe(reason);
    expect(performance.now() - startedAt).toBeLessThan(500);
    expect(seen.filter((type) => type === 'text-delta').length).toBeLessThan(10);
    expect(seen).not.toContain('step-finish');
  });

  it('aborts a running tool call and rejects with the abort reason', async () => {
    const model = scriptedModel([{ toolCalls: [{ toolName: 'slow', input: {} }] }, { text: 'never' }]);
    const controller = new AbortController();
    const reason = new Error('cancelled while the tool ran');
    const request = runRequest({ tools: [slow], signal: controller.signal });
    const run = collect(aiSdkDriver({ model }).run(request));
    setTimeout(() => controller.abort(reason), 10);
    await expect(run).rejects.toBe(reason);
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('aborts while beforeStep waits', async () => {
    const model = scriptedModel([{ text: 'never' }]);
    const controller = new AbortController();
    const request = runRequest({
      signal: controller.signal,
      beforeStep: () => new Promise(() => {}),
    });
    const run = collect(aiSdkDriver({ model }).run(request));
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('does not call the model when the signal is already aborted', async () => {
    const model = scriptedModel([{ text: 'never' }]);
    const reason = new Error('too late');
    const request = runRequest({ signal: AbortSignal.abort(reason) });
    await expect(collect(aiSdkDriver({ model }).run(request))).rejects.toBe(reason);
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('aborts the model call when the consumer stops iterating early', async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'text-start', id: 't' });
            controller.enqueue({ type: 'text-delta', id: 't', delta: 'first ' });
          },
        }),
      }),
    });
    for await (const part of aiSdkDriver({ model }).run(runRequest())) if (part.type === 'text-delta') break;
    const callSignal = model.doStreamCalls[0]?.abortSignal;
    await vi.waitFor(() => expect(callSignal?.aborted).toBe(true));
  });

  it('fails a model call beyond the script, so a test notices it', async () => {
    const model = scriptedModel([]);
    await expect(collect(aiSdkDriver({ model, middleware: 'none' }).run(runRequest()))).rejects.toThrow(
      'scriptedModel: no scripted step for model call 1',
    );
  });
});
