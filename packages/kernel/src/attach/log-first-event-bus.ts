import {
  type EventBus,
  type EventFilter,
  type EventHandler,
  type EventSubscription,
  type RuntimeEvent,
  redactForExport,
  type SubscribeOptions,
} from '@agent-runtime/core';
import type { EventLog } from '@agent-runtime/events';
import type { JobEventWriter, JobRecord, JobStoreWithEvents, JobUpdateOptions } from '@agent-runtime/jobs';

/** An event to store; a delta has no waiter (its publisher did not wait: a failure goes to the job's next publish). */
interface Pending {
  readonly event: RuntimeEvent;
  readonly waiter?: { resolve(): void; reject(error: unknown): void };
}

/** A job write queued with its events: stored together by the job store, in the job's place in the queue. */
interface PendingWrite {
  /** A new job (`createWithEvents`) or a compare-and-set of a stored one (`updateWithEvents`). */
  readonly write: 'create' | 'update';
  readonly job: JobRecord;
  readonly events: readonly RuntimeEvent[];
  readonly options: JobUpdateOptions | undefined;
  resolve(job: JobRecord): void;
  reject(error: unknown): void;
}

type Queued = Pending | PendingWrite;

/** Token and reasoning deltas: their publisher does not wait for the log, so deltas group into one append. */
const DELTAS = new Set<string>(['model.token', 'model.reasoning']);
/** What a delta's publish returns: it resolves at once (one promise for all, none made per delta). */
const PUBLISHED = Promise.resolve();

/**
 * The bus the kernel and its managers publish on: every event of a job is appended to the event log first
 * and then published with its `seq`, in log order. `publish` resolves once the event is stored and handed to
 * the bus, except for deltas, which resolve at once: the deltas published while an append is in flight are
 * stored together by the next one, so streaming costs one write per round trip, not one per token. A failed
 * append rejects the waiting publishers (and, for deltas, the job's next `publish`). With a job store that
 * appends to the same log in a job's own write, it is also the managers' JobEventWriter: a job write and its
 * events are stored by one statement, after the job's earlier events and before its later ones.
 */
export class LogFirstEventBus implements EventBus {
  private readonly queues = new Map<string, Queued[]>();
  private readonly drains = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, unknown>();

  constructor(
    private readonly bus: EventBus,
    private readonly log: EventLog,
    private readonly jobStore?: JobStoreWithEvents,
  ) {}

  /** Writes jobs with their events when the job store appends to this bus's log; undefined otherwise. */
  get jobEventWriter(): JobEventWriter | undefined {
    if (this.jobStore?.eventLog !== this.log) return undefined;
    return {
      update: (job, events, options) => this.write('update', job, events, options),
      create: (job, events, options) => this.write('create', job, events, options),
    };
  }

  publish(event: RuntimeEvent): Promise<void> {
    const { jobId } = event;
    if (jobId === undefined) return this.bus.publish(event);
    const failure = this.takeFailure(jobId);
    if (failure) return Promise.reject(failure.error);
    if (DELTAS.has(event.type)) {
      this.enqueue(jobId, { event });
      return PUBLISHED;
    }
    return new Promise<void>((resolve, reject) =>
      this.enqueue(jobId, { event, waiter: { resolve, reject } }),
    );
  }

  subscribe(
    handler: EventHandler,
    filter?: EventFilter,
    options?: SubscribeOptions,
  ): Promise<EventSubscription> {
    return this.bus.subscribe(handler, filter, options);
  }

  /** Waits for every event already published to be stored and handed on, then closes the bus. */
  async close(): Promise<void> {
    await Promise.all(this.drains.values());
    await this.bus.close();
  }

  private write(
    write: PendingWrite['write'],
    job: JobRecord,
    events: readonly RuntimeEvent[],
    options: JobUpdateOptions | undefined,
  ): Promise<JobRecord> {
    const failure = this.takeFailure(job.jobId);
    if (failure) return Promise.reject(failure.error);
    return new Promise<JobRecord>((resolve, reject) =>
      this.enqueue(job.jobId, { write, job, events, options, resolve, reject }),
    );
  }

  private takeFailure(jobId: string): { error: unknown } | undefined {
    if (!this.failures.has(jobId)) return undefined;
    const error = this.failures.get(jobId);
    this.failures.delete(jobId);
    return { error };
  }

  private enqueue(jobId: string, entry: Queued): void {
    let queue = this.queues.get(jobId);
    if (!queue) {
      queue = [];
      this.queues.set(jobId, queue);
    }
    queue.push(entry);
    if (!this.drains.has(jobId)) this.drains.set(jobId, this.drain(jobId, queue));
  }

  private async drain(jobId: string, queue: Queued[]): Promise<void> {
    // a microtask first, so the deltas published right after this one join its batch
    await Promise.resolve();
    while (queue.length > 0) {
      const first = queue[0]!;
      if ('job' in first) {
        queue.shift();
        await this.storeWrite(first);
        continue;
      }
      const end = queue.findIndex((entry) => 'job' in entry);
      await this.storeEvents(queue.splice(0, end === -1 ? queue.length : end) as Pending[]);
    }
    this.queues.delete(jobId);
    this.drains.delete(jobId);
  }

  private async storeEvents(batch: Pending[]): Promise<void> {
    try {
      const exported = batch.map(({ event }) => redactForExport(event));
      const stored = await this.log.append(exported);
      for (let i = 0; i < batch.length; i++) {
        // the log returns what it was given with its seq (the EventLog contract): unless redaction changed
        // the event, that is the event to publish
        const { event } = batch[i]!;
        const logged = stored[i]!;
        await this.bus.publish(exported[i] === event ? logged : event.with({ seq: logged.seq }));
      }
      for (const pending of batch) pending.waiter?.resolve();
    } catch (error) {
      for (const { event, waiter } of batch)
        if (waiter) waiter.reject(error);
        else this.failures.set(event.jobId!, error);
    }
  }

  /** The job and its events in one write; published only once both are stored. */
  private async storeWrite(write: PendingWrite): Promise<void> {
    try {
      const redacted = write.events.map(redactForExport);
      const store = this.jobStore!;
      const stored =
        write.write === 'create'
          ? await store.createWithEvents(write.job, redacted, write.options)
          : await store.updateWithEvents(write.job, redacted, write.options);
      for (const [i, event] of write.events.entries())
        await this.bus.publish(event.with({ seq: stored.events[i]!.seq }));
      write.resolve(stored.job);
    } catch (error) {
      write.reject(error);
    }
  }
}
