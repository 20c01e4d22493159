import { RuntimeTimeoutError } from '@agent-runtime/core';
import type { LanguageModelMiddleware } from 'ai';
import { isTransientProviderError } from './is-transient-provider-error';
import { abortReason, withAbort } from './with-abort';

export interface ProductionMiddlewareOptions {
  /** Deadline of one model call attempt, from the request until its stream ends (default 120000). */
  timeoutMs?: number;
  /** Retries after a transient error (429, 5xx, network, attempt timeout) that happened before any output (default 2). */
  maxRetries?: number;
  /** Delay before the first retry, doubled for each next one (default 1000). */
  retryDelayMs?: number;
  /** Waits between attempts; replaceable so tests need not sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

type WrapStream = NonNullable<LanguageModelMiddleware['wrapStream']>;
type StreamResult = Awaited<ReturnType<WrapStream>>;
type CallOptions = Parameters<WrapStream>[0]['params'];

/**
 * The driver's `middleware: 'production'`: every model call gets a timeout, and a call that fails with a
 * transient provider error before streaming anything is retried with exponential backoff. An error in the
 * middle of a stream is not retried: its output has already reached the caller.
 */
export function productionMiddleware(options: ProductionMiddlewareOptions = {}): LanguageModelMiddleware {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxRetries = options.maxRetries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const sleep = options.sleep ?? abortableSleep;
  return {
    specificationVersion: 'v4',
    wrapStream: async ({ params, model }) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await streamWithTimeout((p) => model.doStream(p), params, timeoutMs);
        } catch (error) {
          if (params.abortSignal?.aborted) throw abortReason(params.abortSignal);
          if (attempt >= maxRetries || !isTransientProviderError(error)) throw error;
          await sleep(retryDelayMs * 2 ** attempt, params.abortSignal);
        }
      }
    },
  };
}

async function streamWithTimeout(
  doStream: (params: CallOptions) => PromiseLike<StreamResult>,
  params: CallOptions,
  timeoutMs: number,
): Promise<StreamResult> {
  const attempt = new AbortController();
  const timeoutError = new RuntimeTimeoutError({
    message: `model call timed out after ${timeoutMs} ms`,
    timeoutMs,
  });
  const timer = setTimeout(() => attempt.abort(timeoutError), timeoutMs);
  const stopOnCallerAbort = () =>
    attempt.abort(params.abortSignal ? abortReason(params.abortSignal) : undefined);
  params.abortSignal?.addEventListener('abort', stopOnCallerAbort, { once: true });
  const release = () => {
    clearTimeout(timer);
    params.abortSignal?.removeEventListener('abort', stopOnCallerAbort);
  };
  try {
    const result = await withAbort(doStream({ ...params, abortSignal: attempt.signal }), attempt.signal);
    return { ...result, stream: guardStream(result.stream, attempt.signal, release) };
  } catch (error) {
    release();
    throw attempt.signal.aborted ? attempt.signal.reason : error;
  }
}

/** Passes the stream through, ending it with the attempt's abort reason (the timeout) once that fires. */
function guardStream<T>(
  source: ReadableStream<T>,
  signal: AbortSignal,
  release: () => void,
): ReadableStream<T> {
  const reader = source.getReader();
  return new ReadableStream<T>({
    async pull(controller) {
      try {
        const next = await withAbort(reader.read(), signal);
        if (next.done) {
          release();
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        release();
        reader.cancel(error).catch(() => {});
        controller.error(signal.aborted ? signal.reason : error);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal ? abortReason(signal) : undefined);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
