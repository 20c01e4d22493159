import { ManualClock, RuntimeEvent, type RuntimeEventType, ValidationError } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from './event-log';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

export interface EventLogContractOptions {
  /**
   * A second log over the same storage as `log` (think: another process). When given, the suite also checks
   * that a follower on one sees what is appended through the other, live.
   */
  peer?: (log: EventLog) => Promise<EventLog> | EventLog;
  /** A fresh, empty log with `retentionDays` and the given clock, for the retention test. */
  withRetention?: (options: { retentionDays: number; clock: ManualClock }) => Promise<EventLog> | EventLog;
}

/**
 * The behaviour every EventLog must have. Run it from a vitest file with one call:
 * `describeEventLogContract('PostgresEventLog', async () => new PostgresEventLog(pool, { tableName }))`.
 * `makeLog` must return a fresh, empty log each call.
 */
export function describeEventLogContract(
  name: string,
  makeLog: () => Promise<EventLog> | EventLog,
  options: EventLogContractOptions = {},
): void {
  describe(`EventLog contract: ${name}`, () => {
    let log: EventLog;
    let n = 0;
    const jobId = () => `job-${++n}-${Math.random().toString(36).slice(2, 8)}`;
    const event = (job: string, type: RuntimeEventType = 'progress', data: Record<string, unknown> = {}) =>
      new RuntimeEvent({ type, jobId: job, scopeId: 'tenant-a', timestamp: T0 + n, data });
    const final = (job: string) => event(job, 'final.result', { content: 'done', turns: 1 });

    beforeEach(async () => {
      log = await makeLog();
    });

    describe('append and read', () => {
      it('numbers each job 1, 2, 3, … in append order, independently of other jobs', async () => {
        const [a, b] = [jobId(), jobId()];
        const first = await log.append([event(a, 'job.started'), event(b, 'job.started'), event(a)]);
        expect(first.map((e) => [e.jobId, e.seq])).toEqual([
          [a, 1],
          [b, 1],
          [a, 2],
        ]);
        const second = await log.append([event(a, 'tool.start')]);
        expect(second[0]?.seq).toBe(3);
        expect((await log.read(a)).map((e) => [e.seq, e.type])).toEqual([
          [1, 'job.started'],
          [2, 'progress'],
          [3, 'tool.start'],
        ]);
        expect((await log.read(b)).map((e) => e.seq)).toEqual([1]);
      });

      it('stores every field unchanged and returns RuntimeEvents', async () => {
        const job = jobId();
        const original = new RuntimeEvent({
          eventId: 'evt-full',
          type: 'tool.end',
          timestamp: T0,
          jobId: job,
          runId: 'run-1',
          traceId: 'trace-1',
          spanId: 'span-1',
          scopeId: 'tenant-a',
          principalId: 'user-1',
          sessionId: 'session-1',
          data: {
            step: 1,
            toolCallId: 'call-1',
            toolName: 'echo',
            output: { nested: [1, 'two', null, { deep: true }], text: 'línea\nzwei "quoted"' },
            durationMs: 3,
          },
        });
        const [stored] = await log.append([original]);
        expect(stored?.toJSON()).toEqual({ ...original.toJSON(), seq: 1 });
        const [read] = await log.read(job);
        expect(read).toBeInstanceOf(RuntimeEvent);
        expect(read?.toJSON()).toEqual({ ...original.toJSON(), seq: 1 });
      });

      it('assigns the seq itself, whatever seq an appended event carries', async () => {
        const job = jobId();
        await log.append([event(job)]);
        const [stored] = await log.append([event(job).with({ seq: 99 })]);
        expect(stored?.seq).toBe(2);
        expect((await log.read(job)).map((e) => e.seq)).toEqual([1, 2]);
      });

      it('reads after a seq, and at most a limit', async () => {
        const job = jobId();
        await log.append(Array.from({ length: 6 }, () => event(job)));
        expect((await log.read(job, { afterSeq: 2 })).map((e) => e.seq)).toEqual([3, 4, 5, 6]);
        expect((await log.read(job, { afterSeq: 2, limit: 3 })).map((e) => e.seq)).toEqual([3, 4, 5]);
        expect(await log.read(job, { afterSeq: 6 })).toEqual([]);
        expect(await log.read('no-such-job')).toEqual([]);
      });

      it('gives 20 concurrent appenders of one job seq 1..N with no gap or duplicate, each batch contiguous', async () => {
        const job = jobId();
        const batches = Array.from({ length: 20 }, (_, appender) =>
          Array.from({ length: 1 + (appender % 4) }, (_, i) => event(job, 'progress', { appender, i })),
        );
        const results = await Promise.all(batches.map((batch) => log.append(batch)));
        const total = batches.reduce((sum, batch) => sum + batch.length, 0);
        const stored = await log.read(job);
        expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        for (const [appender, result] of results.entries()) {
          const seqs = result.map((e) => e.seq as number);
          expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
          expect(result.map((e) => e.data)).toEqual(batches[appender]!.map((e) => e.data));
          for (const e of result) expect(stored[e.seq! - 1]?.eventId).toBe(e.eventId);
        }
      });

      it('refuses an event without a jobId, or that is no RuntimeEvent, with a ValidationError and stores nothing', async () => {
        const job = jobId();
        const noJob = new RuntimeEvent({ type: 'job.started' });
        const error = await log.append([event(job), noJob]).catch((e: unknown) => e);
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).field).toBe('events.1.jobId');
        const notAnEvent = await log
          .append([{ type: 'progress', jobId: job } as unknown as RuntimeEvent])
          .catch((e: unknown) => e);
        expect((notAnEvent as ValidationError).field).toBe('events.0');
        expect(await log.read(job)).toEqual([]);
      });

      it('refuses bad read options with a ValidationError naming the field', async () => {
        for (const [options, field] of [
          [{ afterSeq: -1 }, 'options.afterSeq'],
          [{ limit: 0 }, 'options.limit'],
          [{ afterSeq: 1.5 }, 'options.afterSeq'],
        ] as const) {
          const error = await log.read('j', options).catch((e: unknown) => e);
          expect((error as ValidationError).field).toBe(field);
        }
        expect(((await log.read('', {}).catch((e: unknown) => e)) as ValidationError).field).toBe('jobId');
      });
    });

    describe('follow', () => {
      it('replays the stored events, then yields live ones, and ends after the final event', async () => {
        const job = jobId();
        await log.append([event(job, 'job.started'), event(job)]);
        const seen: RuntimeEvent[] = [];
        const following = (async () => {
          for await (const e of log.follow(job)) {
            seen.push(e);
            if (seen.length === 2) await log.append([event(job, 'tool.start'), event(job, 'tool.end')]);
            if (seen.length === 4) await log.append([final(job), event(job, 'job.completed')]);
          }
        })();
        await withinSeconds(following, 10);
        expect(seen.map((e) => [e.seq, e.type])).toEqual([
          [1, 'job.started'],
          [2, 'progress'],
          [3, 'tool.start'],
          [4, 'tool.end'],
          [5, 'final.result'],
        ]);
      });

      it('starts after afterSeq, and ends at once when afterSeq is the final event', async () => {
        const job = jobId();
        await log.append([event(job), event(job), event(job), final(job)]);
        expect((await collect(log.follow(job, { afterSeq: 2 }))).map((e) => e.seq)).toEqual([3, 4]);
        expect(await collect(log.follow(job, { afterSeq: 4 }))).toEqual([]);
        expect((await collect(log.follow(job))).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      });

      it('waits for a job that has no event yet', async () => {
        const job = jobId();
        const events = collect(log.follow(job));
        await sleep(50);
        await log.append([event(job, 'job.started')]);
        await log.append([final(job)]);
        expect((await withinSeconds(events, 10)).map((e) => e.type)).toEqual(['job.started', 'final.result']);
      });

      it('ends quietly when its signal aborts', async () => {
        const job = jobId();
        await log.append([event(job)]);
        const controller = new AbortController();
        const seen: RuntimeEvent[] = [];
        const following = (async () => {
          for await (const e of log.follow(job, { signal: controller.signal })) seen.push(e);
        })();
        await sleep(50);
        controller.abort();
        await withinSeconds(following, 5);
        expect(seen.map((e) => e.seq)).toEqual([1]);
      });

      it('gives concurrent followers the same events, as many as there are', async () => {
        const job = jobId();
        const followers = [collect(log.follow(job)), collect(log.follow(job)), collect(log.follow(job))];
        for (let i = 0; i < 30; i++)
          await log.append([event(job, 'model.token', { step: 1, delta: `t${i}` })]);
        await log.append([final(job)]);
        const all = await withinSeconds(Promise.all(followers), 10);
        for (const events of all)
          expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
      });

      if (options.peer) {
        const makePeer = options.peer;
        it('sees live what another instance over the same storage appends', async () => {
          const peer = await makePeer(log);
          const job = jobId();
          const events = collect(peer.follow(job));
          await sleep(50);
          for (let i = 0; i < 5; i++) {
            await log.append([event(job)]);
            await sleep(5);
          }
          await log.append([final(job)]);
          expect((await withinSeconds(events, 10)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
        });
      }

      it('refuses bad follow options with a ValidationError', () => {
        expect(() => log.follow('j', { afterSeq: -1 })).toThrow(ValidationError);
        expect(() => log.follow('')).toThrow(ValidationError);
      });
    });

    describe('prune', () => {
      it('removes every event of jobs whose newest event is older than `before`, and nothing else', async () => {
        const [old, recent] = [jobId(), jobId()];
        await log.append([event(old).with({ timestamp: T0 }), event(old).with({ timestamp: T0 + 10 })]);
        await log.append([
          event(recent).with({ timestamp: T0 }),
          event(recent).with({ timestamp: T0 + DAY }),
        ]);
        expect(await log.prune({ before: T0 + 11 })).toBe(2);
        expect(await log.read(old)).toEqual([]);
        expect((await log.read(recent)).map((e) => e.seq)).toEqual([1, 2]);
        expect(await log.prune({ before: T0 + 11 })).toBe(0);
      });

      it('without `before` and without retentionDays is a ValidationError', async () => {
        const error = await log.prune().catch((e: unknown) => e);
        expect((error as ValidationError).field).toBe('options.before');
      });

      if (options.withRetention) {
        const withRetention = options.withRetention;
        it('with retentionDays, prune() removes jobs idle for longer', async () => {
          const clock = new ManualClock(T0 + 10 * DAY);
          const retained = await withRetention({ retentionDays: 7, clock });
          const [old, recent] = [jobId(), jobId()];
          await retained.append([event(old).with({ timestamp: T0 + 2 * DAY })]);
          await retained.append([event(recent).with({ timestamp: T0 + 4 * DAY })]);
          expect(await retained.prune()).toBe(1);
          expect(await retained.read(old)).toEqual([]);
          expect(await retained.read(recent)).toHaveLength(1);
        });
      }
    });
  });
}

async function collect(events: AsyncIterable<RuntimeEvent>): Promise<RuntimeEvent[]> {
  const out: RuntimeEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withinSeconds<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not done within ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
