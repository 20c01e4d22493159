import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, systemClock } from './clock';
import { ManualClock } from './manual-clock';

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await Promise.resolve();
  await Promise.resolve();
  return settled;
}

describe('systemClock.sleep past the 2³¹−1 ms timer limit', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits the whole 30 days (chained timers), not a millisecond', async () => {
    expect(THIRTY_DAYS_MS).toBeGreaterThan(MAX_TIMER_MS);
    const sleeping = systemClock.sleep(THIRTY_DAYS_MS);
    await vi.advanceTimersByTimeAsync(10);
    expect(await isSettled(sleeping)).toBe(false);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(await isSettled(sleeping)).toBe(false);
    await vi.advanceTimersByTimeAsync(THIRTY_DAYS_MS - MAX_TIMER_MS - 11);
    expect(await isSettled(sleeping)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await isSettled(sleeping)).toBe(true);
  });

  it('is aborted by its signal also after the first timer of the chain', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(THIRTY_DAYS_MS, controller.signal);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 1000);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('ManualClock.sleep of 30 days', () => {
  it('wakes exactly at 30 days', async () => {
    const clock = new ManualClock();
    const sleeping = clock.sleep(THIRTY_DAYS_MS);
    await clock.advance(THIRTY_DAYS_MS - 1);
    expect(await isSettled(sleeping)).toBe(false);
    await clock.advance(1);
    expect(await isSettled(sleeping)).toBe(true);
  });
});
