import { RuntimeTimeoutError } from '@agent-runtime/core';
import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { isTransientProviderError } from './is-transient-provider-error';
import { providerCost } from './provider-cost';
import { requestHeaders } from './request-headers';
import { toJsonValue } from './to-json-value';
import { toTokenUsage } from './to-token-usage';

const apiError = (statusCode?: number, cause?: unknown) =>
  new APICallError({ message: 'x', url: 'u', requestBodyValues: {}, statusCode, cause });

describe('isTransientProviderError', () => {
  it.each([429, 500, 502, 503, 504, 529])('retries HTTP %i', (status) => {
    expect(isTransientProviderError(apiError(status))).toBe(true);
  });
  it.each([400, 401, 403, 404, 408, 409, 413, 422])('never retries HTTP %i', (status) => {
    expect(isTransientProviderError(apiError(status))).toBe(false);
  });
  it('retries network failures and timeouts, not other errors', () => {
    expect(isTransientProviderError(apiError(undefined, new TypeError('fetch failed')))).toBe(true);
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(isTransientProviderError(new TypeError('fetch failed', { cause: refused }))).toBe(true);
    expect(isTransientProviderError(new RuntimeTimeoutError({ message: 't', timeoutMs: 1 }))).toBe(true);
    expect(isTransientProviderError(new Error('boom'))).toBe(false);
    expect(isTransientProviderError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isTransientProviderError('string')).toBe(false);
  });
});

describe('toTokenUsage', () => {
  it('fills missing counts and keeps reasoning and cached counts only when reported', () => {
    expect(toTokenUsage(undefined)).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    expect(
      toTokenUsage({
        inputTokens: 10,
        outputTokens: 4,
        totalTokens: undefined,
        inputTokenDetails: { noCacheTokens: 7, cacheReadTokens: 3, cacheWriteTokens: undefined },
        outputTokenDetails: { textTokens: 2, reasoningTokens: 2 },
      }),
    ).toEqual({
      inputTokens: 10,
      outputTokens: 4,
      totalTokens: 14,
      reasoningTokens: 2,
      cachedInputTokens: 3,
    });
  });
});

describe('providerCost', () => {
  it('reads a reported cost as a decimal string', () => {
    expect(providerCost(undefined)).toBeUndefined();
    expect(providerCost({ openai: { responseId: 'r' } })).toBeUndefined();
    expect(providerCost({ gateway: { cost: '0.0012' } })).toBe('0.0012');
    expect(providerCost({ openrouter: { cost: 0.5 } })).toBe('0.5');
    expect(providerCost({ gateway: { cost: 'n/a' } })).toBeUndefined();
  });
});

describe('requestHeaders', () => {
  it('carries traceparent and, for a job, the idempotency key', () => {
    const base = {
      scopeId: 's',
      runId: 'r',
      traceId: 't',
      spanId: 'p',
      traceparent: '00-a-b-01',
      metadata: {},
    };
    expect(requestHeaders(base)).toEqual({ traceparent: '00-a-b-01' });
    expect(requestHeaders({ ...base, idempotencyKey: 'job-9' })).toEqual({
      traceparent: '00-a-b-01',
      'Idempotency-Key': 'job-9',
    });
  });
});

describe('toJsonValue', () => {
  it('keeps what JSON keeps', () => {
    expect(toJsonValue(undefined)).toBeNull();
    expect(toJsonValue(() => 1)).toBeNull();
    expect(toJsonValue({ a: 1, b: undefined, d: new Date(0) })).toEqual({
      a: 1,
      d: '1970-01-01T00:00:00.000Z',
    });
  });
});
