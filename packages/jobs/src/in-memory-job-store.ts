import {
  type Clock,
  ConcurrentModificationError,
  NotFoundError,
  parseInput,
  systemClock,
} from '@agent-runtime/core';
import { IdempotencyConflictError } from './idempotency-conflict-error';
import { compareJobPosition } from './job-cursor';
import { type JobFilter, parseJobFilter } from './job-filter';
import { JobRecord } from './job-record';
import { isTerminalStatus, JobStatus } from './job-status';
import type { JobLease, JobStore, JobUpdateOptions } from './job-store';
import { FinishedRecords } from './retention/finished-records';
import { type JobRetention, jobRetentionSchema } from './retention/job-retention';
import { matchesJobFilter, selectJobs } from './select-jobs';

export interface InMemoryJobStoreOptions {
  /** Lease expiry and finish times. @default systemClock */
  clock?: Clock;
  /** How many finished jobs stay, and for how long (a long-lived process must not keep every job it ran). */
  retention?: JobRetention;
}

/**
 * A JobStore in a Map, for tests and single-process use. Each method checks and writes in one synchronous
 * step, so concurrent calls see database semantics (unique keys, compare-and-set). Stored records are
 * frozen JobRecords (kept as given: nothing can change them). Leases lapse by `clock` (default: the system clock). Finished jobs beyond
 * `retention` are dropped (`get` then returns undefined); jobs still going on never are.
 */
export class InMemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly byIdempotencyKey = new Map<string, string>();
  private readonly clock: Clock;
  private readonly finished: FinishedRecords;

  constructor(options: InMemoryJobStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    const retention = parseInput(jobRetentionSchema, options.retention, 'options.retention');
    this.finished = new FinishedRecords({
      limit: retention.finishedJobs,
      maxAgeSeconds: retention.maxAgeSeconds,
      clock: this.clock,
    });
  }

  async create(job: JobRecord, { leaseMs }: JobUpdateOptions = {}): Promise<JobRecord> {
    const stored = withLeaseFromNow(ownRecord(job), leaseMs, this.clock);
    const existingId = this.jobs.has(stored.jobId) ? stored.jobId : this.idOwningKey(stored);
    if (existingId !== undefined) throw new IdempotencyConflictError({ existingJobId: existingId });
    this.write(stored);
    return stored;
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    this.dropFinished();
    return this.jobs.get(jobId);
  }

  async update(job: JobRecord, { leaseMs }: JobUpdateOptions = {}): Promise<JobRecord> {
    const current = this.jobs.get(job.jobId);
    if (!current) throw new NotFoundError({ resource: 'job', id: job.jobId });
    if (current.version !== job.version) {
      throw new ConcurrentModificationError({
        resource: 'job',
        id: job.jobId,
        expectedVersion: job.version,
        actualVersion: current.version,
      });
    }
    const stored = withLeaseFromNow(ownRecord(job), leaseMs, this.clock).withVersion(current.version + 1);
    const owner = this.idOwningKey(stored);
    if (owner !== undefined && owner !== stored.jobId)
      throw new IdempotencyConflictError({ existingJobId: owner });
    this.forgetKey(current);
    this.write(stored);
    return stored;
  }

  async delete(jobId: string): Promise<boolean> {
    const current = this.jobs.get(jobId);
    if (!current) return false;
    this.forgetKey(current);
    this.finished.forget(jobId);
    return this.jobs.delete(jobId);
  }

  async list(filter?: JobFilter): Promise<JobRecord[]> {
    this.dropFinished();
    return selectJobs(this.jobs.values(), parseJobFilter(filter));
  }

  async getByIdempotencyKey(key: string, scopeId?: string): Promise<JobRecord | undefined> {
    this.dropFinished();
    if (scopeId !== undefined) {
      const jobId = this.byIdempotencyKey.get(indexKey(scopeId, key));
      return jobId === undefined ? undefined : this.jobs.get(jobId);
    }
    return [...this.jobs.values()].filter((job) => job.idempotencyKey === key).sort(compareJobPosition)[0];
  }

  async count(filter?: JobFilter): Promise<number> {
    const parsed = parseJobFilter(filter);
    this.dropFinished();
    let matches = 0;
    for (const job of this.jobs.values()) if (matchesJobFilter(job, parsed)) matches++;
    return matches;
  }

  async claimLease(jobId: string, { owner, leaseMs }: JobLease): Promise<JobRecord | undefined> {
    const current = this.jobs.get(jobId);
    if (!current || current.status !== JobStatus.RUNNING) return undefined;
    const now = this.clock.now();
    const held = current.leaseOwner !== undefined;
    const live = held && (current.leaseExpiresAt ?? 0) > now;
    if (live && current.leaseOwner !== owner) return undefined;
    const claimed = current.withLease(owner, now + leaseMs).withStoreFields({
      recoveries: current.recoveries + (held ? 1 : 0),
      version: current.version + 1,
    });
    this.jobs.set(jobId, claimed);
    return claimed;
  }

  async renewLease(jobId: string, { owner, leaseMs }: JobLease): Promise<JobRecord | undefined> {
    const current = this.jobs.get(jobId);
    if (!current || current.status !== JobStatus.RUNNING || current.leaseOwner !== owner) return undefined;
    const renewed = current.withLease(owner, this.clock.now() + leaseMs).withVersion(current.version + 1);
    this.jobs.set(jobId, renewed);
    return renewed;
  }

  async listClaimable({ limit }: { limit: number }): Promise<JobRecord[]> {
    const now = this.clock.now();
    return [...this.jobs.values()]
      .filter((job) => job.status === JobStatus.RUNNING && (job.leaseExpiresAt ?? 0) <= now)
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .slice(0, limit);
  }

  private idOwningKey(job: JobRecord): string | undefined {
    if (job.idempotencyKey === undefined) return undefined;
    return this.byIdempotencyKey.get(indexKey(job.scopeId, job.idempotencyKey));
  }

  private write(job: JobRecord): void {
    this.jobs.set(job.jobId, job);
    if (job.idempotencyKey !== undefined) {
      this.byIdempotencyKey.set(indexKey(job.scopeId, job.idempotencyKey), job.jobId);
    }
    this.finished.noteWrite(job.jobId, isTerminalStatus(job.status));
    this.dropFinished();
  }

  /** Drops the finished jobs beyond the retention policy. */
  private dropFinished(): void {
    for (const jobId of this.finished.dropped()) {
      const job = this.jobs.get(jobId);
      if (job) this.forgetKey(job);
      this.jobs.delete(jobId);
    }
  }

  private forgetKey(job: JobRecord): void {
    if (job.idempotencyKey !== undefined)
      this.byIdempotencyKey.delete(indexKey(job.scopeId, job.idempotencyKey));
  }
}

function withLeaseFromNow(job: JobRecord, leaseMs: number | undefined, clock: Clock): JobRecord {
  if (leaseMs === undefined || job.leaseOwner === undefined) return job;
  return job.withLease(job.leaseOwner, clock.now() + leaseMs);
}

/** A JobRecord is frozen all the way down, so the store keeps it as given; anything else is validated into one. */
function ownRecord(job: JobRecord): JobRecord {
  return job instanceof JobRecord ? job : JobRecord.fromJSON(job);
}

function indexKey(scopeId: string, key: string): string {
  return JSON.stringify([scopeId, key]);
}
