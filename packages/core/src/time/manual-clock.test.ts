import { expect, it } from 'vitest';
import { systemClock } from './clock';
import { ManualClock } from './manual-clock';

it('wakes sleepers in time order and only when due', async () => {
  const clock = new ManualClock(1000);
  const woke: string[] = [];
  void clock.sleep(50).then(() => woke.push(`b@${clock.now()}`));
  void clock.sleep(10).then(() => woke.push(`a@${clock.now()}`));
  await clock.advance(9);
  expect(woke).toEqual([]);
  await clock.advance(100);
  expect(woke).toEqual(['a@1010', 'b@1050']);
  expect(clock.now()).toBe(1109);
});

it('runs sleeps scheduled by woken continuations within the same advance', async () => {
  const clock = new ManualClock(0);
  const times: number[] = [];
  void (async () => {
    for (let i = 0; i < 3; i++) {
      await clock.sleep(10);
      times.push(clock.now());
    }
  })();
  await clock.advance(30);
  expect(times).toEqual([10, 20, 30]);
});

it('rejects a sleep when its signal aborts, and drops it', async () => {
  const clock = new ManualClock();
  const controller = new AbortController();
  const sleeping = clock.sleep(100, controller.signal);
  expect(clock.pendingSleeps).toBe(1);
  controller.abort(new Error('stop'));
  await expect(sleeping).rejects.toThrow('stop');
  expect(clock.pendingSleeps).toBe(0);
  await expect(clock.sleep(1, controller.signal)).rejects.toThrow('stop');
});

it('set() moves time without waking', async () => {
  const clock = new ManualClock(0);
  let woke = false;
  void clock.sleep(5).then(() => {
    woke = true;
  });
  clock.set(10);
  await new Promise((r) => setImmediate(r));
  expect(woke).toBe(false);
  expect(clock.now()).toBe(10);
});

it('system clock sleeps and aborts', async () => {
  const started = systemClock.now();
  await systemClock.sleep(5);
  expect(systemClock.now() - started).toBeGreaterThanOrEqual(4);
  const controller = new AbortController();
  const sleeping = systemClock.sleep(10_000, controller.signal);
  controller.abort(new Error('abort'));
  await expect(sleeping).rejects.toThrow('abort');
  await expect(systemClock.sleep(1, controller.signal)).rejects.toThrow('abort');
});
