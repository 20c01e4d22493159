import { ManualClock, RuntimeTimeoutError } from '@agent-runtime/core';
import { APICallError, type LanguageModelMiddleware, simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it, vi } from 'vitest';
import { aiSdkDriver } from './ai-sdk-driver';
import { collect, partsOfType, runRequest } from './run-request.fixture';
import { scriptedModel } from './scripted-model';

type DoStream = MockLanguageModelV4['doStream'];

const httpError = (statusCode: number) =>
  new APICallError({
    message: `HTTP ${statusCode}`,
    url: 'https://provider.test/v1',
    requestBodyValues: {},
    statusCode,
  });

const networkError = () =>
  new APICallError({
    message: 'Cannot connect to API',
    url: 'https://provider.test/v1',
    requestBodyValues: {},
    cause: new TypeError('fetch failed'),
    isRetryable: true,
  });

/** A model whose first calls fail with `failures`, then answers "ok". */
function failingModel(failures: unknown[]): MockLanguageModelV4 {
  const answer = scriptedModel([{ text: 'ok' }]);
  let call = 0;
  const doStream: DoStream = async (options) => {
    const failure = failures[call++];
    if (failure !== undefined) throw failure;
    return answer.doStream(options);
  };
  return new MockLanguageModelV4({ doStream });
}

/** Records the backoff sleeps (shorter than the call deadline) a ManualClock is asked for. */
function recordingClock(): { clock: ManualClock; backoffs: number[] } {
  const clock = new ManualClock();
  const backoffs: number[] = [];
  const sleep = clock.sleep.bind(clock);
  clock.sleep = (ms, signal) => {
    if (ms < 60_000) backoffs.push(ms);
    return sleep(ms, signal);
  };
  return { clock, backoffs };
}

/** Advances the clock in steps until `promise` settles. */
async function settleWithClock<T>(clock: ManualClock, promise: Promise<T>, stepMs: number): Promise<T> {
  let settled = false;
  const done = promise.finally(() => {
    settled = true;
  });
  done.catch(() => {});
  while (!settled) await clock.advance(stepMs);
  return done;
}

describe("middleware: 'production'", () => {
  it('retries 429, 5xx and network errors with exponential backoff', async () => {
    const model = failingModel([httpError(429), httpError(503), networkError()]);
    const { clock, backoffs } = recordingClock();
    const driver = aiSdkDriver({ model, clock, maxRetries: 3, retryDelayMs: 100 });
    const parts = await settleWithClock(clock, collect(driver.run(runRequest())), 50);
    expect(partsOfType(parts, 'finish')[0]?.text).toBe('ok');
    expect(model.doStreamCalls).toHaveLength(4);
    expect(backoffs).toEqual([100, 200, 400]);
  });

  it('retries a plain socket error', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const model = failingModel([reset]);
    const { clock } = recordingClock();
    const parts = await settleWithClock(clock, collect(aiSdkDriver({ model, clock }).run(runRequest())), 500);
    expect(partsOfType(parts, 'finish')[0]?.text).toBe('ok');
    expect(model.doStreamCalls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 408, 409, 422])('never retries HTTP %i', async (status) => {
    const failure = httpError(status);
    const model = failingModel([failure]);
    const { clock, backoffs } = recordingClock();
    await expect(collect(aiSdkDriver({ model, clock }).run(runRequest()))).rejects.toBe(failure);
    expect(model.doStreamCalls).toHaveLength(1);
    expect(backoffs).toEqual([]);
  });

  it('gives up after maxRetries with the last error', async () => {
    const last = httpError(500);
    const model = failingModel([httpError(500), httpError(502), last]);
    const { clock } = recordingClock();
    const run = collect(aiSdkDriver({ model, clock, maxRetries: 2, retryDelayMs: 10 }).run(runRequest()));
    await expect(settleWithClock(clock, run, 10)).rejects.toBe(last);
    expect(model.doStreamCalls).toHaveLength(3);
  });

  it('times out a call that does not answer, retries it, and fails with RuntimeTimeoutError', async () => {
    const model = new MockLanguageModelV4({
      doStream: (options) =>
        new Promise((_resolve, reject) =>
          options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason)),
        ),
    });
    const { clock } = recordingClock();
    const driver = aiSdkDriver({ model, clock, timeoutMs: 1000, maxRetries: 1, retryDelayMs: 10 });
    const error = await settleWithClock(clock, collect(driver.run(runRequest())), 500).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeTimeoutError);
    expect((error as RuntimeTimeoutError).timeoutMs).toBe(1000);
    expect(model.doStreamCalls).toHaveLength(2);
  });

  it('times out a stream that stalls mid-way and does not retry it', async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'text-start', id: 't' });
            controller.enqueue({ type: 'text-delta', id: 't', delta: 'half ' });
          },
        }),
      }),
    });
    const { clock } = recordingClock();
    const seen: string[] = [];
    const run = (async () => {
      for await (const part of aiSdkDriver({ model, clock, timeoutMs: 1000 }).run(runRequest()))
        seen.push(part.type);
    })();
    await vi.waitFor(() => expect(seen).toContain('text-delta'));
    await expect(settleWithClock(clock, run, 500)).rejects.toBeInstanceOf(RuntimeTimeoutError);
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('does not retry an error in the middle of a stream', async () => {
    const failure = httpError(503);
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [
            { type: 'text-start', id: 't' },
            { type: 'error', error: failure },
          ],
          initialDelayInMs: null,
          chunkDelayInMs: null,
        }),
      }),
    });
    await expect(collect(aiSdkDriver({ model }).run(runRequest()))).rejects.toBe(failure);
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('stops waiting for a retry when the run is aborted', async () => {
    const model = failingModel([httpError(500)]);
    const { clock, backoffs } = recordingClock();
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const run = collect(aiSdkDriver({ model, clock }).run(runRequest({ signal: controller.signal })));
    await vi.waitFor(() => expect(backoffs).toEqual([1000]));
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    expect(model.doStreamCalls).toHaveLength(1);
  });
});

describe('other middleware choices', () => {
  it("'none' neither retries nor times out", async () => {
    const failure = httpError(503);
    const model = failingModel([failure]);
    await expect(collect(aiSdkDriver({ model, middleware: 'none' }).run(runRequest()))).rejects.toBe(failure);
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('applies your own language-model middleware', async () => {
    const model = scriptedModel([{ text: 'ok' }]);
    const tagging: LanguageModelMiddleware = {
      specificationVersion: 'v4',
      transformParams: async ({ params }) => ({
        ...params,
        headers: { ...params.headers, 'x-tenant': 'tenant-1' },
      }),
    };
    await collect(aiSdkDriver({ model, middleware: [tagging] }).run(runRequest()));
    expect(model.doStreamCalls[0]?.headers).toMatchObject({ 'x-tenant': 'tenant-1' });
  });
});
