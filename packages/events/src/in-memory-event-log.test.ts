import { RuntimeEvent, ZERO_USAGE } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { describeEventLogContract } from './event-log-contract';
import { InMemoryEventLog } from './in-memory-event-log';

describeEventLogContract('InMemoryEventLog', () => new InMemoryEventLog(), {
  withRetention: (options) => new InMemoryEventLog(options),
});

describe('InMemoryEventLog memory', () => {
  const usage = { ...ZERO_USAGE, totalCost: '0' };
  const final = (jobId: string) =>
    new RuntimeEvent({ type: 'final.result', jobId, data: { content: '', usage, turns: 1 } });
  const progress = (jobId: string) => new RuntimeEvent({ type: 'progress', jobId, data: { progress: 0.5 } });

  it('keeps at most maxEndedJobs ended jobs, dropping the one that ended first, never a job going on', async () => {
    const log = new InMemoryEventLog({ maxEndedJobs: 2 });
    await log.append([progress('running')]);
    for (const jobId of ['a', 'b', 'c']) await log.append([progress(jobId), final(jobId)]);
    expect(await log.read('a')).toEqual([]);
    expect((await log.read('b')).map((e) => e.seq)).toEqual([1, 2]);
    expect((await log.read('c')).map((e) => e.seq)).toEqual([1, 2]);
    expect((await log.read('running')).map((e) => e.seq)).toEqual([1]);
  });

  it('refuses a bad maxEndedJobs with a ValidationError naming it', () => {
    expect(() => new InMemoryEventLog({ maxEndedJobs: -1 })).toThrow(/options\.maxEndedJobs/);
  });
});
