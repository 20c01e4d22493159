import {
  type AnyRuntimeEvent,
  asAnyRuntimeEvent,
  type Clock,
  type EventBus,
  type FinalEvent,
  isFinalEvent,
  NotFoundError,
  RuntimeEvent,
} from '@agent-runtime/core';
import type { EventLog } from '@agent-runtime/events';
import { type ArtifactStore, isTerminalStatus, type JobManager } from '@agent-runtime/jobs';
import type { Ledger } from '@agent-runtime/ledger';
import { EventBuffer } from '../execution/event-buffer';
import type { ExecutionSource } from '../execution/execution-handle';
import type { ExecutionArtifact, ExecutionResult } from '../execution/execution-result';
import { finalEventData, storedResult } from '../execution/stored-result';
import { trackArtifacts } from '../execution/track-artifacts';

/** What a handle on a job this kernel does not run reads from. */
export interface AttachServices {
  readonly jobs: JobManager;
  readonly ledger: Ledger;
  readonly artifacts: ArtifactStore;
  readonly log: EventLog;
  readonly bus: EventBus;
  readonly clock: Clock;
}

/**
 * The source of a handle on a job run elsewhere (another kernel or process), or already ended: its events
 * from the first one, from the event log, then live until the final event; its result once it ended.
 * The final event on the bus, or a job already ended when attaching, stops the follower early: it then reads
 * what the log still holds, so with a shared log nothing is missed, and a log that does not know the job
 * still ends the handle (with the final event rebuilt from the stores).
 */
export async function attachedSource(services: AttachServices, jobId: string): Promise<ExecutionSource> {
  const { jobs, log, bus } = services;
  const tail = new LogTail();
  const stop = new AbortController();
  const subscription = await bus.subscribe(
    (event) => {
      if (isFinalEvent(event)) stop.abort();
    },
    { jobId },
  );
  const job = await jobs.get(jobId).catch(async (error: unknown) => {
    await subscription.unsubscribe();
    throw error;
  });
  if (!job) {
    await subscription.unsubscribe();
    throw new NotFoundError({ resource: 'job', id: jobId });
  }
  if (isTerminalStatus(job.status)) stop.abort();
  const done = (async () => {
    try {
      for await (const event of log.follow(jobId, { signal: stop.signal })) tail.push(event);
      if (!tail.final)
        for (const event of await log.read(jobId, { afterSeq: tail.lastSeq })) tail.push(event);
    } catch (error) {
      tail.buffer.close(); // the log failed: events() ends, result() rejects with the log's error
      throw error;
    } finally {
      await subscription.unsubscribe();
    }
    return endOfAttached(services, jobId, tail);
  })();
  done.catch(() => {}); // a caller that only reads events() must not get an unhandled rejection
  return {
    buffer: tail.buffer,
    done,
    cancel: async (reason) => {
      const latest = await jobs.get(jobId);
      if (latest && !isTerminalStatus(latest.status)) await jobs.cancel(jobId, { reason });
    },
  };
}

/** The events read so far, up to the final one, and the artifacts they announced. */
class LogTail {
  readonly buffer = new EventBuffer();
  readonly artifacts: ExecutionArtifact[] = [];
  final: FinalEvent | undefined;
  lastSeq = 0;

  push(event: AnyRuntimeEvent): void {
    if (this.final || (event.seq !== undefined && event.seq <= this.lastSeq)) return;
    this.lastSeq = event.seq ?? this.lastSeq;
    trackArtifacts(this.artifacts, event);
    if (isFinalEvent(event)) this.final = event;
    this.buffer.push(event);
  }
}

/** The result as the runner reported it in the final event (completed from the stores), and the buffer closed. */
async function endOfAttached(
  services: AttachServices,
  jobId: string,
  tail: LogTail,
): Promise<ExecutionResult> {
  try {
    const job = await services.jobs.get(jobId);
    if (!job) throw new NotFoundError({ resource: 'job', id: jobId });
    const fromStores = await storedResult(job, services);
    // the artifact store is authoritative; a log that holds the job's events has them too
    const artifacts = fromStores.artifacts.length > 0 ? fromStores.artifacts : tail.artifacts;
    const stored = { ...fromStores, artifacts };
    const result = resultFromFinal(stored, tail.final);
    if (!tail.final) {
      const { type, data } = finalEventData(result);
      const event = new RuntimeEvent({
        type,
        data,
        jobId,
        scopeId: job.scopeId,
        timestamp: services.clock.now(),
      });
      tail.buffer.push(asAnyRuntimeEvent(event));
    }
    return result;
  } finally {
    tail.buffer.close();
  }
}

function resultFromFinal(stored: ExecutionResult, final: FinalEvent | undefined): ExecutionResult {
  if (final?.type === 'final.result') {
    const { content, usage, turns } = final.data;
    return { ...stored, content, usage, turns, error: null };
  }
  if (final?.type === 'final.error') {
    const { status, error } = final.data;
    return { ...stored, status: status as ExecutionResult['status'], content: '', error };
  }
  return stored;
}
