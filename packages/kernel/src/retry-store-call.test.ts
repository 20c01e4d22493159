import { InvalidTransitionError, ManualClock } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { retryStoreCall } from './retry-store-call';

const unreachable = () => Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });

describe('retryStoreCall', () => {
  it('retries a failing store call with doubling waits until it succeeds', async () => {
    const clock = new ManualClock();
    const started = clock.now();
    let calls = 0;
    const result = retryStoreCall(clock, async () => {
      calls++;
      if (calls < 4) throw unreachable();
      return clock.now() - started;
    });
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await clock.advance(1000);
    }
    expect(calls).toBe(4);
    expect(await result).toBeGreaterThanOrEqual(10 + 20 + 40);
  });

  it('stops at the first decisive answer (a refused transition is not retried)', async () => {
    let calls = 0;
    const refused = new InvalidTransitionError({ entity: 'job', id: 'j', from: 'succeeded', to: 'failed' });
    await expect(
      retryStoreCall(new ManualClock(), async () => {
        calls++;
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('gives up after `attempts` and rethrows the last error', async () => {
    let calls = 0;
    const clock = new ManualClock();
    const outcome = retryStoreCall(
      clock,
      async () => {
        calls++;
        throw unreachable();
      },
      { attempts: 3, firstDelayMs: 1, maxDelayMs: 1 },
    ).catch((error: unknown) => error);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await clock.advance(10);
    }
    expect(await outcome).toMatchObject({ code: 'ECONNREFUSED' });
    expect(calls).toBe(3);
  });
});
