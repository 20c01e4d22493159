import { ManualClock, type RuntimeEvent } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { describe, expect, it } from 'vitest';
import { ReplayMode } from './replay-mode';
import { ReplayPlayer } from './replay-player';
import { sampleRecording } from './test-support/sample-recording';

function setup() {
  const bus = new InMemoryEventBus();
  const seen: RuntimeEvent[] = [];
  void bus.subscribe((event) => {
    seen.push(event);
  });
  const clock = new ManualClock(0);
  const recording = sampleRecording();
  return { bus, seen, clock, recording, player: new ReplayPlayer(recording, bus, { clock }) };
}

describe('ReplayPlayer', () => {
  it('FAST publishes every recorded event, in order, at once', async () => {
    const { bus, seen, player, recording } = setup();
    const result = await player.replay({ mode: ReplayMode.FAST });
    await bus.drain();
    expect(seen.map((e) => e.eventId)).toEqual(recording.events.map((e) => e.event.eventId));
    expect(result).toMatchObject({
      mode: 'fast',
      totalEvents: 6,
      eventsReplayed: 6,
      matched: 6,
      matchRate: 1,
    });
  });

  it('TIMED keeps the original spacing, divided by the speed', async () => {
    const { bus, seen, clock, player } = setup();
    const done = player.replay({ mode: ReplayMode.TIMED, speed: 2 });
    const countAt = async (ms: number) => {
      await clock.advance(ms);
      await bus.drain();
      return seen.length;
    };
    expect(await countAt(0)).toBe(1); // first event at 0
    expect(await countAt(49)).toBe(1);
    expect(await countAt(1)).toBe(2); // 100 ms recorded = 50 ms at speed 2
    expect(await countAt(200)).toBe(6);
    expect(await done).toMatchObject({ mode: 'timed', durationMs: 250 });
  });

  it('step() publishes one event per iteration', async () => {
    const { bus, seen, player } = setup();
    const iterator = player.step()[Symbol.asyncIterator]();
    const first = await iterator.next();
    await bus.drain();
    expect(first.value?.type).toBe('job.started');
    expect(seen).toHaveLength(1);
    let count = 1;
    while (!(await iterator.next()).done) count++;
    expect(count).toBe(6);
  });

  it('validates a recording and lists its issues', async () => {
    const { bus, player } = setup();
    expect(await player.validateRecording()).toEqual({ valid: true, issues: [] });
    const recording = sampleRecording();
    const broken = Object.assign(Object.create(Object.getPrototypeOf(recording)), recording, {
      events: recording.events.map((e, i) => (i === 2 ? { ...e, relativeTimestampMs: 10 } : e)),
    });
    const result = await new ReplayPlayer(broken, bus).validateRecording();
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual(['events.2: relativeTimestampMs goes back in time (10 < 100)']);
  });

  it('rejects a speed that is not positive', async () => {
    const { player } = setup();
    await expect(player.replay({ mode: ReplayMode.TIMED, speed: 0 })).rejects.toThrow(RangeError);
  });
});
