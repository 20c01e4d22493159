import { CancelledError, ManualClock, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { InMemorySignalChannel } from './in-memory-signal-channel';
import type { SignalMessage } from './signal-channel';

const resolved: SignalMessage = { actionId: 'a1', status: 'resolved', resolution: { approved: true } };

describe('InMemorySignalChannel', () => {
  it('wakes every waiter of the action with the message, and no other', async () => {
    const channel = new InMemorySignalChannel();
    const first = channel.wait('a1');
    const second = channel.wait('a1');
    let otherWoken = false;
    void channel.wait('a2', { timeoutMs: 50 }).then(() => {
      otherWoken = true;
    });
    await channel.signal('a1', resolved);
    expect(await first).toEqual(resolved);
    expect(await second).toEqual(resolved);
    expect(otherWoken).toBe(false);
  });

  it('wakes a waiter within a millisecond', async () => {
    const channel = new InMemorySignalChannel();
    const woken = channel.wait('a1').then(() => performance.now());
    const sent = performance.now();
    await channel.signal('a1', resolved);
    expect((await woken) - sent).toBeLessThan(1);
  });

  it('keeps a signal for waiters that arrive within retainMs, then forgets it', async () => {
    const clock = new ManualClock();
    const channel = new InMemorySignalChannel({ clock, retainMs: 1000 });
    await channel.signal('a1', resolved);
    await clock.advance(999);
    expect(await channel.wait('a1')).toEqual(resolved);
    await clock.advance(1);
    const late = channel.wait('a1', { timeoutMs: 10 });
    await clock.advance(10);
    expect(await late).toBeNull();
  });

  it('keeps nothing with retainMs 0', async () => {
    const clock = new ManualClock();
    const channel = new InMemorySignalChannel({ clock, retainMs: 0 });
    await channel.signal('a1', resolved);
    const waiting = channel.wait('a1', { timeoutMs: 5 });
    await clock.advance(5);
    expect(await waiting).toBeNull();
  });

  it('resolves null on timeout', async () => {
    const clock = new ManualClock();
    const channel = new InMemorySignalChannel({ clock });
    const waiting = channel.wait('a1', { timeoutMs: 100 });
    await clock.advance(99);
    let done = false;
    void waiting.then(() => {
      done = true;
    });
    await clock.advance(0);
    expect(done).toBe(false);
    await clock.advance(1);
    expect(await waiting).toBeNull();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('rejects with CancelledError when aborted, before or during the wait', async () => {
    const channel = new InMemorySignalChannel();
    await expect(channel.wait('a1', { signal: AbortSignal.abort() })).rejects.toThrow(CancelledError);
    const controller = new AbortController();
    const waiting = channel.wait('a1', { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toThrow(CancelledError);
  });

  it('stops its timer once signalled', async () => {
    const clock = new ManualClock();
    const channel = new InMemorySignalChannel({ clock });
    const waiting = channel.wait('a1', { timeoutMs: 1000 });
    expect(clock.pendingSleeps).toBe(1);
    await channel.signal('a1', resolved);
    await waiting;
    expect(clock.pendingSleeps).toBe(0);
  });

  it('validates messages and options', async () => {
    const channel = new InMemorySignalChannel();
    await expect(channel.signal('a1', { actionId: 'a1', status: 'done' } as never)).rejects.toThrow(
      ValidationError,
    );
    expect(() => channel.wait('a1', { timeoutMs: -1 })).toThrow(/options\.timeoutMs/);
    expect(() => new InMemorySignalChannel({ retainMs: -1 })).toThrow(/options\.retainMs/);
  });

  it('refuses a clock without sleep, which its waits would call', () => {
    const clock = { now: () => 0 } as never;
    expect(() => new InMemorySignalChannel({ clock })).toThrow(/options\.clock: must have now, sleep/);
  });
});
