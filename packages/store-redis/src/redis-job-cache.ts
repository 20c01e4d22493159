import { parseInput } from '@agent-runtime/core';
import { type JobFilter, type JobLease, JobRecord, type JobStore } from '@agent-runtime/jobs';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { execTransaction } from './exec-transaction';
import { SET_CACHED_JOB } from './job-cache-script';

const optionsSchema = z.strictObject({
  primaryStore: z.custom<JobStore>(
    (value) => typeof (value as JobStore | undefined)?.get === 'function',
    'a JobStore (create, get, update, delete, list, getByIdempotencyKey, count)',
  ),
  /** How long a cached job (and a deletion marker) lives without being written again. */
  ttlSeconds: z.number().int().positive().default(300),
  /** Every key starts with `<keyPrefix>:`. */
  keyPrefix: z.string().min(1).default('agent-runtime'),
});

export type RedisJobCacheOptions = z.input<typeof optionsSchema>;

/**
 * A JobStore in front of another one (the primary, e.g. PostgresJobStore): `get` reads Redis first and fills
 * it from the primary on a miss; writes go to the primary first (which stays the only judge of uniqueness and
 * compare-and-set), then to Redis. A cache fill or write never replaces a newer cached version, and a deleted
 * job is not filled back in, so no cache instance serves a version older than the last completed update.
 * Queries (list, count, getByIdempotencyKey, listClaimable) go to the primary, and so do leases.
 */
export class RedisJobCache implements JobStore {
  readonly primaryStore: JobStore;
  private readonly ttlSeconds: number;
  private readonly keyPrefix: string;

  constructor(
    private readonly client: Redis,
    options: RedisJobCacheOptions,
  ) {
    const parsed = parseInput(optionsSchema, options, 'options');
    this.primaryStore = parsed.primaryStore;
    this.ttlSeconds = parsed.ttlSeconds;
    this.keyPrefix = parsed.keyPrefix;
  }

  async create(job: JobRecord): Promise<JobRecord> {
    const stored = await this.primaryStore.create(job);
    await this.cache(stored, 'store');
    return stored;
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const cached = await this.client.hget(this.key(jobId), 'json');
    if (cached !== null) return JobRecord.fromJSON(JSON.parse(cached));
    const job = await this.primaryStore.get(jobId);
    if (job) await this.cache(job, 'populate');
    return job;
  }

  async update(job: JobRecord): Promise<JobRecord> {
    // Dropped first: if this process dies between the two writes, readers fall through to the primary.
    await this.invalidate(job.jobId);
    const stored = await this.primaryStore.update(job);
    await this.cache(stored, 'store');
    return stored;
  }

  async delete(jobId: string): Promise<boolean> {
    await this.markDeleted(jobId);
    return this.primaryStore.delete(jobId);
  }

  list(filter?: JobFilter): Promise<JobRecord[]> {
    return this.primaryStore.list(filter);
  }

  getByIdempotencyKey(key: string, scopeId?: string): Promise<JobRecord | undefined> {
    return this.primaryStore.getByIdempotencyKey(key, scopeId);
  }

  count(filter?: JobFilter): Promise<number> {
    return this.primaryStore.count(filter);
  }

  claimLease(jobId: string, lease: JobLease): Promise<JobRecord | undefined> {
    return this.writeThrough(jobId, () => this.primaryStore.claimLease(jobId, lease));
  }

  renewLease(jobId: string, lease: JobLease): Promise<JobRecord | undefined> {
    return this.writeThrough(jobId, () => this.primaryStore.renewLease(jobId, lease));
  }

  listClaimable(options: { limit: number }): Promise<JobRecord[]> {
    return this.primaryStore.listClaimable(options);
  }

  /** A conditional write of the primary, cached like `update` when it changed the job. */
  private async writeThrough(
    jobId: string,
    write: () => Promise<JobRecord | undefined>,
  ): Promise<JobRecord | undefined> {
    await this.invalidate(jobId);
    const stored = await write();
    if (stored) await this.cache(stored, 'store');
    return stored;
  }

  /** Drops the cached copy of a job (the next `get` reads the primary). */
  async invalidate(jobId: string): Promise<void> {
    await this.client.del(this.key(jobId));
  }

  private async markDeleted(jobId: string): Promise<void> {
    const key = this.key(jobId);
    await execTransaction(
      this.client.multi().del(key).hset(key, 'deleted', '1').expire(key, this.ttlSeconds),
    );
  }

  private async cache(job: JobRecord, mode: 'store' | 'populate'): Promise<void> {
    const json = JSON.stringify(job.toJSON());
    await this.client.eval(SET_CACHED_JOB, 1, this.key(job.jobId), json, job.version, this.ttlSeconds, mode);
  }

  private key(jobId: string): string {
    return `${this.keyPrefix}:job:${jobId}`;
  }
}
