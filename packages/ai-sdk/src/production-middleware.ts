import { type Clock, RuntimeTimeoutError, systemClock } from '@agent-runtime/core';
import type { LanguageModelMiddleware } from 'ai';
import { isTransientProviderError } from './is-transient-provider-error';
import { abortReason, withAbort } from './with-abort';

export interface ProductionMiddlewareOptions {
  /** Deadline of one model call attempt, from the request until its stream ends (default 120000). */
  timeoutMs?: number;
  /** Retries of a transient error (429, 5xx, network, attempt timeout) raised before any output (default 2). */
  maxRetries?: number;
  /** Delay before the first retry, doubled for each next one (default 1000). */
  retryDelayMs?: number;
  /** Times the deadline and the backoff (default `systemClock`; `ManualClock` in tests). */
  clock?: Clock;
}

type WrapStream = NonNullable<LanguageModelMiddleware['wrapStream']>;
type StreamResult = Awaited<ReturnType<WrapStream>>;
type CallOptions = Parameters<WrapStream>[0]['params'];
type DoStream = (params: CallOptions) => PromiseLike<StreamResult>;

/** Why an attempt's deadline timer is stopped: a fixed reason, so no DOMException (and its stack) per call. */
const RELEASED = Symbol('model call attempt ended');

/**
 * The driver's `middleware: 'production'`: every model call gets a timeout, and a call that fails with a
 * transient provider error before streaming anything is retried with exponential backoff. An error in the
 * middle of a stream is not retried: its output has already reached the caller.
 */
export function productionMiddleware(options: ProductionMiddlewareOptions = {}): LanguageModelMiddleware {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxRetries = options.maxRetries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const clock = options.clock ?? systemClock;
  return {
    specificationVersion: 'v4',
    wrapStream: async ({ params, model }) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await streamWithTimeout((p) => model.doStream(p), params, timeoutMs, clock);
        } catch (error) {
          if (params.abortSignal?.aborted) throw abortReason(params.abortSignal);
          if (attempt >= maxRetries || !isTransientProviderError(error)) throw error;
          await clock.sleep(retryDelayMs * 2 ** attempt, params.abortSignal);
        }
      }
    },
  };
}

/** One attempt under its own AbortController, aborted by the caller's signal or, with a timeout error, by the deadline. */
async function streamWithTimeout(
  doStream: DoStream,
  params: CallOptions,
  timeoutMs: number,
  clock: Clock,
): Promise<StreamResult> {
  const attempt = new AbortController();
  const deadline = new AbortController();
  const caller = params.abortSignal;
  const stopOnCallerAbort = () => attempt.abort(caller ? abortReason(caller) : undefined);
  caller?.addEventListener('abort', stopOnCallerAbort, { once: true });
  clock.sleep(timeoutMs, deadline.signal).then(
    () =>
      attempt.abort(
        new RuntimeTimeoutError({ message: `model call timed out after ${timeoutMs} ms`, timeoutMs }),
      ),
    () => {},
  );
  const release = () => {
    deadline.abort(RELEASED);
    caller?.removeEventListener('abort', stopOnCallerAbort);
  };
  try {
    const result = await withAbort(doStream({ ...params, abortSignal: attempt.signal }), attempt.signal);
    return { ...result, stream: guardStream(result.stream, attempt.signal, release) };
  } catch (error) {
    release();
    throw attempt.signal.aborted ? attempt.signal.reason : error;
  }
}

/**
 * Passes the stream through, ending it with the attempt's abort reason (the timeout) once that fires. One
 * abort listener per stream, not one per chunk.
 */
function guardStream<T>(
  source: ReadableStream<T>,
  signal: AbortSignal,
  release: () => void,
): ReadableStream<T> {
  const reader = source.getReader();
  let onAbort = () => {};
  const finish = () => {
    release();
    signal.removeEventListener('abort', onAbort);
  };
  return new ReadableStream<T>({
    start(controller) {
      onAbort = () => {
        release();
        controller.error(signal.reason);
        reader.cancel(signal.reason).catch(() => {});
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const next = await reader.read();
        if (signal.aborted) return;
        if (next.done) {
          finish();
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        if (signal.aborted) return;
        finish();
        reader.cancel(error).catch(() => {});
        controller.error(error);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
}
