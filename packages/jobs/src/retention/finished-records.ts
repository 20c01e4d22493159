import { type Clock, systemClock } from '@agent-runtime/core';

/** A store's retention, as FinishedRecords applies it. */
export interface FinishedRecordsOptions {
  /** Finished records kept; beyond that the one that finished first goes. */
  readonly limit: number;
  /** Finished records go this many seconds after they finished. @default undefined (no age limit) */
  readonly maxAgeSeconds?: number;
  /** When records finished. @default systemClock */
  readonly clock?: Clock;
}

/**
 * Which finished records an in-memory store may drop: it tells this set about every write, and drops the ids
 * `dropped()` returns. Records that have not finished are never in the set, so they are never dropped.
 */
export class FinishedRecords {
  /** Finished ids in the order they finished (a Map keeps insertion order), with when they finished. */
  private readonly finishedAt = new Map<string, number>();

  private readonly limit: number;
  private readonly maxAgeMs: number | undefined;
  private readonly clock: Clock;

  constructor({ limit, maxAgeSeconds, clock = systemClock }: FinishedRecordsOptions) {
    this.limit = limit;
    this.maxAgeMs = maxAgeSeconds === undefined ? undefined : maxAgeSeconds * 1000;
    this.clock = clock;
  }

  /** Records the state a write left `id` in. */
  noteWrite(id: string, finished: boolean): void {
    this.finishedAt.delete(id);
    if (finished) this.finishedAt.set(id, this.clock.now());
  }

  forget(id: string): void {
    this.finishedAt.delete(id);
  }

  /** Removes and returns the ids beyond the limit or past the age limit, the earliest finished first. */
  dropped(): string[] {
    const { limit, maxAgeMs, clock } = this;
    const oldestKept = maxAgeMs === undefined ? Number.NEGATIVE_INFINITY : clock.now() - maxAgeMs;
    const ids: string[] = [];
    for (const [id, at] of this.finishedAt) {
      if (this.finishedAt.size - ids.length <= limit && at > oldestKept) break;
      ids.push(id);
    }
    for (const id of ids) this.finishedAt.delete(id);
    return ids;
  }
}
