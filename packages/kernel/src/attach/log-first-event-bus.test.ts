import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus, InMemoryEventLog } from '@agent-runtime/events';
import { InMemoryJobStore, JobRecord, JobStatus, type JobStoreWithEvents } from '@agent-runtime/jobs';
import { describe, expect, it } from 'vitest';
import { LogFirstEventBus } from './log-first-event-bus';

const progress = (n: number) =>
  new RuntimeEvent({
    type: RuntimeEventType.PROGRESS,
    jobId: 'job-1',
    eventId: `evt-${n}`,
    data: { progress: n },
  });

it('stores and delivers publishes made before the earlier ones resolved in call order', async () => {
  const inner = new InMemoryEventBus();
  const log = new InMemoryEventLog();
  const bus = new LogFirstEventBus(inner, log);
  const seen: string[] = [];
  await bus.subscribe((event) => {
    seen.push(event.eventId);
  });
  const expected = Array.from({ length: 30 }, (_, n) => `evt-${n}`);
  await Promise.all(expected.map((_, n) => bus.publish(progress(n))));
  await inner.drain();
  expect(seen).toEqual(expected);
  const stored = await log.read('job-1');
  expect(stored.map((event) => event.eventId)).toEqual(expected);
  expect(stored.map((event) => event.seq)).toEqual(expected.map((_, n) => n + 1));
});

/**
 * A store that writes a job and its events "in one write" (the job, then the events, before it resolves),
 * holding each write until the test releases it, or refusing it.
 */
function heldJobEventStore(log: InMemoryEventLog) {
  const jobs = new InMemoryJobStore();
  const held: Array<{ go: () => void; fail: (error: unknown) => void }> = [];
  const store: JobStoreWithEvents = Object.assign(Object.create(jobs) as InMemoryJobStore, {
    eventLog: log,
    updateWithEvents: async (job: JobRecord, events: readonly RuntimeEvent[]) => {
      await new Promise<void>((go, fail) => held.push({ go, fail }));
      const stored = await jobs.update(job);
      return { job: stored, events: await log.append(events) };
    },
    createWithEvents: async (job: JobRecord, events: readonly RuntimeEvent[]) => {
      await new Promise<void>((go, fail) => held.push({ go, fail }));
      const stored = await jobs.create(job);
      return { job: stored, events: await log.append(events) };
    },
  });
  return { jobs, store, held };
}

describe('job writes with their events', () => {
  const token = (jobId: string, n: number) =>
    new RuntimeEvent({ type: 'model.token', jobId, eventId: `tok-${n}`, data: { step: 1, delta: `${n}` } });
  const named = (jobId: string, eventId: string) =>
    new RuntimeEvent({ type: RuntimeEventType.PROGRESS, jobId, eventId, data: { progress: 0.5 } });

  it('are stored after the job’s earlier events and before its later ones, their events delivered only once stored', async () => {
    const inner = new InMemoryEventBus();
    const log = new InMemoryEventLog();
    const { jobs, store, held } = heldJobEventStore(log);
    const bus = new LogFirstEventBus(inner, log, store);
    const writer = bus.jobEventWriter!;
    const seen: string[] = [];
    await bus.subscribe((event) => {
      seen.push(event.eventId);
    });
    const job = await jobs.create(JobRecord.create({ scopeId: 's' }));
    for (let n = 0; n < 3; n++) void bus.publish(token(job.jobId, n));
    const written = writer.update(job.transitionTo(JobStatus.RUNNING), [named(job.jobId, 'with-write')]);
    const later = bus.publish(named(job.jobId, 'later'));
    for (let i = 0; i < 50 && held.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    await inner.drain();
    // the tokens are stored and delivered; the write's event is not, nor the later one, until the write is
    expect(seen).toEqual(['tok-0', 'tok-1', 'tok-2']);
    held[0]!.go();
    expect((await written).status).toBe(JobStatus.RUNNING);
    await later;
    await inner.drain();
    expect(seen).toEqual(['tok-0', 'tok-1', 'tok-2', 'with-write', 'later']);
    const stored = await log.read(job.jobId);
    expect(stored.map((event) => [event.eventId, event.seq])).toEqual(seen.map((id, i) => [id, i + 1]));
  });

  it('a refused write rejects its writer, and none of its events is delivered', async () => {
    const inner = new InMemoryEventBus();
    const log = new InMemoryEventLog();
    const { jobs, store, held } = heldJobEventStore(log);
    const writer = new LogFirstEventBus(inner, log, store).jobEventWriter!;
    const seen: string[] = [];
    await inner.subscribe((event) => {
      seen.push(event.eventId);
    });
    const job = await jobs.create(JobRecord.create({ scopeId: 's' }));
    const written = writer.update(job.transitionTo(JobStatus.RUNNING), [named(job.jobId, 'refused')]);
    for (let i = 0; i < 50 && held.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    held[0]!.fail(new Error('conflict'));
    await expect(written).rejects.toThrow('conflict');
    await inner.drain();
    expect(seen).toEqual([]);
    expect(await log.read(job.jobId)).toEqual([]);
  });

  it('is offered only over a store that appends to this very log', () => {
    const log = new InMemoryEventLog();
    const { store } = heldJobEventStore(new InMemoryEventLog());
    expect(new LogFirstEventBus(new InMemoryEventBus(), log, store).jobEventWriter).toBeUndefined();
    expect(new LogFirstEventBus(new InMemoryEventBus(), log).jobEventWriter).toBeUndefined();
  });
});

it('stores the redacted event but delivers the event as published, both with the seq the log gave', async () => {
  const inner = new InMemoryEventBus();
  const log = new InMemoryEventLog();
  const bus = new LogFirstEventBus(inner, log);
  const seen: RuntimeEvent[] = [];
  await bus.subscribe(
    (event) => {
      seen.push(event);
    },
    undefined,
    { includeSecrets: true },
  );
  const action = new RuntimeEvent({
    type: RuntimeEventType.ACTION_REQUIRED,
    jobId: 'job-1',
    data: { actionId: 'act-1', actionType: 'approval', payload: {}, resumeToken: 'secret' },
  });
  const first = progress(1);
  await bus.publish(first);
  await bus.publish(action);
  await inner.drain();
  expect(seen.map((event) => [event.seq, (event.data as { resumeToken?: string }).resumeToken])).toEqual([
    [1, undefined],
    [2, 'secret'],
  ]);
  expect(seen[0]?.toJSON()).toEqual({ ...first.toJSON(), seq: 1 });
  const stored = await log.read('job-1');
  expect(stored[1]?.data).toMatchObject({ resumeToken: '[redacted]' });
});

it("a failed append rejects the waiting publisher, and after a failed delta the job's next publish", async () => {
  const inner = new InMemoryEventBus();
  const failure = new Error('log down');
  let failing = true;
  const log = new InMemoryEventLog();
  const append = log.append.bind(log);
  log.append = (events) => (failing ? Promise.reject(failure) : append(events));
  const bus = new LogFirstEventBus(inner, log);
  await expect(bus.publish(progress(1))).rejects.toBe(failure);
  const delta = new RuntimeEvent({
    type: RuntimeEventType.MODEL_TOKEN,
    jobId: 'job-1',
    data: { step: 1, delta: 'a' },
  });
  await expect(bus.publish(delta)).resolves.toBeUndefined();
  await new Promise((resolve) => setImmediate(resolve));
  failing = false;
  await expect(bus.publish(progress(2))).rejects.toBe(failure);
  await expect(bus.publish(progress(3))).resolves.toBeUndefined();
  expect((await log.read('job-1')).map((event) => event.data)).toEqual([{ progress: 3 }]);
});
