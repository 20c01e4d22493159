import { type Clock, ConcurrentModificationError, parseInput, systemClock } from '@agent-runtime/core';
import { IdempotencyConflictError } from './idempotency-conflict-error';
import { InMemoryJobStore } from './in-memory-job-store';
import {
  assertQueued,
  type ClaimOptions,
  claimOptionsSchema,
  type EnqueueOptions,
  enqueueOptionsSchema,
  type JobQueue,
  releaseOptionsSchema,
  type ScopeLimits,
  type StopWatching,
  scopeLimitsSchema,
} from './job-queue';
import { JobRecord } from './job-record';
import { JobStatus } from './job-status';
import type { JobStore } from './job-store';

/**
 * A JobQueue over a JobStore in this process (by default a fresh InMemoryJobStore); it claims only the jobs it
 * enqueued. Claims run one at a time,
 * and a scope's running count is read from the store at each claim, so a job that leaves `running` by any path
 * frees its slot.
 */
export class InMemoryJobQueue implements JobQueue {
  readonly store: JobStore;
  private readonly clock: Clock;
  private readonly limits = new Map<string, number>();
  private readonly priorities = new Map<string, number>();
  private readonly lastServed = new Map<string, number>();
  private serving = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly watchers = new Set<() => void>();

  constructor({ store, clock = systemClock }: { store?: JobStore; clock?: Clock } = {}) {
    this.clock = clock;
    this.store = store ?? new InMemoryJobStore({ clock });
  }

  async enqueue(job: JobRecord, options: EnqueueOptions = {}): Promise<JobRecord> {
    const { priority = 0 } = parseInput(enqueueOptionsSchema, options, 'options');
    assertQueued(job);
    try {
      const stored = await this.store.create(job);
      this.priorities.set(stored.jobId, priority);
      for (const onEnqueued of this.watchers) queueMicrotask(onEnqueued);
      return stored;
    } catch (error) {
      if (!IdempotencyConflictError.isInstance(error) || job.idempotencyKey === undefined) throw error;
      const existing = await this.store.getByIdempotencyKey(job.idempotencyKey, job.scopeId);
      if (!existing) throw error;
      return existing;
    }
  }

  async claim(options: ClaimOptions): Promise<JobRecord[]> {
    const parsed = parseInput(claimOptionsSchema, options, 'options');
    return this.serialized(() => this.claimNow(parsed));
  }

  async release(jobId: string, options: { workerId: string }): Promise<JobRecord | undefined> {
    const { workerId } = parseInput(releaseOptionsSchema, options, 'options');
    return this.serialized(async () => {
      const job = await this.store.get(jobId);
      if (job?.status !== JobStatus.RUNNING || job.leaseOwner !== workerId) return undefined;
      const queued = JobRecord.fromJSON({
        ...job.toJSON(),
        status: JobStatus.QUEUED,
        leaseOwner: undefined,
        leaseExpiresAt: undefined,
        updatedAt: this.clock.now(),
      });
      return this.store.update(queued);
    });
  }

  async watch(onEnqueued: () => void): Promise<StopWatching> {
    const watcher = () => onEnqueued();
    this.watchers.add(watcher);
    return async () => {
      this.watchers.delete(watcher);
    };
  }

  async setScopeLimits(limits: ScopeLimits): Promise<void> {
    const { scopeId, maxRunningJobs } = parseInput(scopeLimitsSchema, limits, 'limits');
    if (maxRunningJobs === undefined) this.limits.delete(scopeId);
    else this.limits.set(scopeId, maxRunningJobs);
  }

  async getScopeLimits(scopeId: string): Promise<ScopeLimits> {
    const maxRunningJobs = this.limits.get(parseInput(scopeLimitsSchema.shape.scopeId, scopeId, 'scopeId'));
    return maxRunningJobs === undefined ? { scopeId } : { scopeId, maxRunningJobs };
  }

  private async claimNow({ workerId, limit, leaseMs }: Required<ClaimOptions>): Promise<JobRecord[]> {
    const heads = await this.headsByScope(limit);
    const picked: JobRecord[] = [];
    for (let round = 0; picked.length < limit; round++) {
      const before = picked.length;
      for (const jobs of heads.values()) {
        const job = jobs[round];
        if (job && picked.length < limit) picked.push(job);
      }
      if (picked.length === before) break;
    }
    const now = this.clock.now();
    const claimed: JobRecord[] = [];
    for (const job of picked) {
      const running = job.transitionTo(JobStatus.RUNNING, { now }).withLease(workerId, now + leaseMs);
      const stored = await this.store.update(running).catch((error: unknown) => {
        if (ConcurrentModificationError.isInstance(error)) return undefined;
        throw error;
      });
      if (!stored) continue;
      claimed.push(stored);
      this.lastServed.set(job.scopeId, ++this.serving);
    }
    return claimed;
  }

  /** Each scope with free slots (least recently served first) → its claimable jobs in claim order. */
  private async headsByScope(limit: number): Promise<Map<string, JobRecord[]>> {
    const queued = (await this.store.list({ status: JobStatus.QUEUED })).filter((job) =>
      this.priorities.has(job.jobId),
    );
    const running = await this.store.list({ status: JobStatus.RUNNING });
    const runningByScope = countBy(running.map((job) => job.scopeId));
    const byScope = new Map<string, JobRecord[]>();
    for (const job of queued) byScope.set(job.scopeId, [...(byScope.get(job.scopeId) ?? []), job]);
    const scopes = [...byScope.keys()].sort(
      (a, b) => (this.lastServed.get(a) ?? 0) - (this.lastServed.get(b) ?? 0),
    );
    const heads = new Map<string, JobRecord[]>();
    for (const scopeId of scopes) {
      const max = this.limits.get(scopeId) ?? Number.POSITIVE_INFINITY;
      const free = Math.min(limit, max - (runningByScope.get(scopeId) ?? 0));
      if (free <= 0) continue;
      const jobs = (byScope.get(scopeId) ?? []).sort((a, b) => this.priorityOf(b) - this.priorityOf(a));
      heads.set(scopeId, jobs.slice(0, free));
    }
    return heads;
  }

  private priorityOf(job: JobRecord): number {
    return this.priorities.get(job.jobId) ?? 0;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
