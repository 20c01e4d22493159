import { InvalidTransitionError, LeaseLostError, ManualClock } from '@agent-runtime/core';
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

  it('with `until`, retries past any attempt count until it succeeds', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const result = retryStoreCall(
      clock,
      async () => {
        calls++;
        if (calls < 40) throw unreachable();
        return calls;
      },
      { until: () => false, firstDelayMs: 1, maxDelayMs: 1 },
    );
    for (let i = 0; i < 45; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await clock.advance(1);
    }
    expect(await result).toBe(40);
  });

  it('with `until`, rethrows the last error once it says so, at the end of the wait it was in', async () => {
    const clock = new ManualClock();
    let givenUp = false;
    let calls = 0;
    const outcome = retryStoreCall(
      clock,
      async () => {
        calls++;
        throw unreachable();
      },
      { until: () => givenUp, firstDelayMs: 1000 },
    ).catch((error: unknown) => error);
    await new Promise((resolve) => setImmediate(resolve));
    givenUp = true;
    await clock.advance(1000);
    expect(await outcome).toMatchObject({ code: 'ECONNREFUSED' });
    expect(calls).toBe(1);
  });

  it('does not retry a lost lease (another kernel holds the job)', async () => {
    let calls = 0;
    const lost = new LeaseLostError({ jobId: 'j', leaseOwner: 'w' });
    await expect(
      retryStoreCall(new ManualClock(), async () => {
        calls++;
        throw lost;
      }),
    ).rejects.toBe(lost);
    expect(calls).toBe(1);
  });
});
