import { describe, expect, it } from 'vitest';
import { ConcurrencyProbe, flush } from '../test-support';
import { mapWithConcurrency, Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('admits at most its permits, in arrival order, and a double release frees one permit only', async () => {
    const semaphore = new Semaphore(1);
    const order: string[] = [];
    const first = await semaphore.acquire();
    const enter = (name: string) => (release: () => void) => {
      order.push(name);
      return release;
    };
    const second = semaphore.acquire().then(enter('second'));
    const third = semaphore.acquire().then(enter('third'));
    await flush();
    expect(order).toEqual([]);
    first();
    first();
    await flush();
    expect(order).toEqual(['second']);
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps input order and never exceeds the limit', async () => {
    const probe = new ConcurrencyProbe();
    const out = await mapWithConcurrency([3, 1, 2, 0], 2, (n) =>
      probe.track(async () => {
        for (let i = 0; i < n; i++) await flush();
        return n * 10;
      }),
    );
    expect(out).toEqual([30, 10, 20, 0]);
    expect(probe.max).toBe(2);
  });
});
