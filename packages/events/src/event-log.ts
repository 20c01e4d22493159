import type { AnyRuntimeEvent, RuntimeEvent } from '@agent-runtime/core';

export interface EventLogReadOptions {
  /** Only events with a greater `seq`. @default 0 (from the first event) */
  afterSeq?: number;
  /** At most this many events. @default all */
  limit?: number;
}

export interface EventLogFollowOptions {
  /** Start after this `seq` (a reconnecting client's last seen event). @default 0 (from the first event) */
  afterSeq?: number;
  /** Ends the iteration quietly when aborted. */
  signal?: AbortSignal;
}

export interface EventLogPruneOptions {
  /**
   * Removes every job whose newest event is older than this (epoch ms), all its events at once.
   * @default now − `retentionDays` (required when the log has no `retentionDays`)
   */
  before?: number;
}

/**
 * The durable history of every job's events. `append` gives each event its per-job `seq` (1, 2, 3, … with no
 * gap and no duplicate, also under concurrent appenders); `follow` replays the stored events and then streams
 * live ones, ending after the job's final event (`final.result` / `final.error`), from any process that shares
 * the log's storage.
 */
export interface EventLog {
  /** Stores `events` (each with a `jobId`), in order; returns them with their `seq`. */
  append(events: readonly RuntimeEvent[]): Promise<AnyRuntimeEvent[]>;
  /** The stored events of a job in `seq` order. */
  read(jobId: string, options?: EventLogReadOptions): Promise<AnyRuntimeEvent[]>;
  /** The stored events after `afterSeq`, then each new one as it is appended, until the job's final event. */
  follow(jobId: string, options?: EventLogFollowOptions): AsyncIterable<AnyRuntimeEvent>;
  /** Deletes the events of jobs idle since before `before`; returns how many events it deleted. */
  prune(options?: EventLogPruneOptions): Promise<number>;
}
