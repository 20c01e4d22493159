import {
  type AnyRuntimeEvent,
  type Clock,
  isFinalEvent,
  parseInput,
  type RuntimeEvent,
  systemClock,
} from '@agent-runtime/core';
import { z } from 'zod';
import type { EventLog, EventLogFollowOptions, EventLogPruneOptions, EventLogReadOptions } from './event-log';
import {
  type EventLogRetentionOptions,
  parseAppendedEvents,
  parseFollowArguments,
  parseReadArguments,
  pruneCutoff,
  retentionOptionsShape,
} from './event-log-options';
import { followEventLog } from './follow-event-log';
import { JobWakeups } from './job-wakeups';

export interface InMemoryEventLogOptions extends EventLogRetentionOptions {
  /**
   * Ended jobs (whose last event is final) kept; beyond that the one that ended first is dropped, so a
   * long-lived process does not keep every event it ever saw. Jobs still going on are never dropped.
   * @default 1000
   */
  maxEndedJobs?: number;
}

interface JobLog {
  readonly events: AnyRuntimeEvent[];
  /** The newest event's timestamp, what `prune` compares. */
  lastAt: number;
}

const optionsSchema = z
  .strictObject({ ...retentionOptionsShape, maxEndedJobs: z.number().int().nonnegative().default(1000) })
  .default({ maxEndedJobs: 1000 });

/**
 * An EventLog in this process's memory (the kernel's default): followers in the same process only, and
 * gone with the process. `append` runs synchronously up to its return, so concurrent appenders never
 * interleave inside a batch and seqs have no gap.
 */
export class InMemoryEventLog implements EventLog {
  private readonly jobs = new Map<string, JobLog>();
  /** Ended jobs in the order they ended (the first is dropped first). */
  private readonly ended = new Set<string>();
  private readonly maxEndedJobs: number;
  private readonly wakeups = new JobWakeups();
  private readonly retentionDays: number | undefined;
  private readonly clock: Clock;

  constructor(options: InMemoryEventLogOptions = {}) {
    const parsed = parseInput(optionsSchema, options, 'options');
    this.retentionDays = parsed.retentionDays;
    this.clock = parsed.clock ?? systemClock;
    this.maxEndedJobs = parsed.maxEndedJobs;
  }

  async append(events: readonly RuntimeEvent[]): Promise<AnyRuntimeEvent[]> {
    const valid = parseAppendedEvents(events);
    const stored = valid.map((event) => {
      const log = this.logOf(event.jobId as string);
      const withSeq = event.with({ seq: log.events.length + 1 });
      log.events.push(withSeq);
      log.lastAt = Math.max(log.lastAt, event.timestamp);
      return withSeq;
    });
    const jobIds = new Set(valid.map((event) => event.jobId as string));
    for (const jobId of jobIds) this.wakeups.notify(jobId);
    for (const jobId of jobIds) this.noteEnd(jobId);
    return stored;
  }

  async read(jobId: string, options?: EventLogReadOptions): Promise<AnyRuntimeEvent[]> {
    const { afterSeq, limit } = parseReadArguments(jobId, options);
    const events = this.jobs.get(jobId)?.events ?? [];
    return events.slice(afterSeq, limit === undefined ? undefined : afterSeq + limit);
  }

  follow(jobId: string, options?: EventLogFollowOptions): AsyncIterable<AnyRuntimeEvent> {
    const parsed = parseFollowArguments(jobId, options);
    const source = {
      read: (id: string, page: { afterSeq: number; limit: number }) => this.read(id, page),
      changed: (id: string, signal: AbortSignal) => this.wakeups.next(id, signal),
    };
    return followEventLog(source, parsed.jobId, parsed);
  }

  async prune(options?: EventLogPruneOptions): Promise<number> {
    const before = pruneCutoff(options, this.retentionDays, this.clock);
    let deleted = 0;
    for (const [jobId, log] of this.jobs) {
      if (log.lastAt >= before) continue;
      deleted += log.events.length;
      this.jobs.delete(jobId);
      this.ended.delete(jobId);
    }
    return deleted;
  }

  /** Counts the job as ended when its last event is final, dropping the earliest ended beyond the cap. */
  private noteEnd(jobId: string): void {
    const last = this.jobs.get(jobId)?.events.at(-1);
    this.ended.delete(jobId);
    if (!last || !isFinalEvent(last)) return;
    this.ended.add(jobId);
    for (const oldest of this.ended) {
      if (this.ended.size <= this.maxEndedJobs) break;
      this.ended.delete(oldest);
      this.jobs.delete(oldest);
    }
  }

  private logOf(jobId: string): JobLog {
    let log = this.jobs.get(jobId);
    if (!log) {
      log = { events: [], lastAt: Number.NEGATIVE_INFINITY };
      this.jobs.set(jobId, log);
    }
    return log;
  }
}
