import { type AnyRuntimeEvent, isFinalEvent } from '@agent-runtime/core';

/** What `followEventLog` needs of a log: paged reads, and a wake-up when a job's log may have changed. */
export interface FollowableLog {
  read(jobId: string, options: { afterSeq: number; limit: number }): Promise<AnyRuntimeEvent[]>;
  /** Resolves when `jobId`'s log may have changed (or on a poll tick, or when `signal` aborts); never rejects. */
  changed(jobId: string, signal: AbortSignal): Promise<void>;
}

const PAGE = 500;

/**
 * `follow()` for any log: pages through the stored events after `afterSeq`, then waits for a change and reads
 * again, until it has yielded the job's final event (or `signal` aborts). A follower that starts at the final
 * event's `seq` ends at once.
 */
export async function* followEventLog(
  log: FollowableLog,
  jobId: string,
  { afterSeq, signal }: { afterSeq: number; signal?: AbortSignal },
): AsyncGenerator<AnyRuntimeEvent, void, undefined> {
  if (afterSeq > 0 && (await endsAt(log, jobId, afterSeq))) return;
  let last = afterSeq;
  while (!signal?.aborted) {
    const stopWaiting = new AbortController();
    const change = log.changed(
      jobId,
      signal ? AbortSignal.any([signal, stopWaiting.signal]) : stopWaiting.signal,
    );
    try {
      const page = await log.read(jobId, { afterSeq: last, limit: PAGE });
      for (const event of page) {
        yield event;
        last = event.seq ?? last;
        if (isFinalEvent(event)) return;
      }
      if (page.length < PAGE) await change;
    } finally {
      stopWaiting.abort();
    }
  }
}

async function endsAt(log: FollowableLog, jobId: string, seq: number): Promise<boolean> {
  const [event] = await log.read(jobId, { afterSeq: seq - 1, limit: 1 });
  return event !== undefined && isFinalEvent(event);
}
