import { idSchema, implementing, parseInput } from '@agent-runtime/core';
import {
  type JobFilter,
  type JobLease,
  JobRecord,
  type JobStore,
  type JobUpdateOptions,
} from '@agent-runtime/jobs';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { execTransaction } from './exec-transaction';
import { SET_CACHED_JOB } from './job-cache-script';
import { typedRedisErrors } from './redis-connection-failures';

const optionsSchema = z.strictObject({
  primaryStore: implementing<JobStore>('get'),
  /** How long a cached job (and a deletion marker) lives without being written again. */
  ttlSeconds: z.number().int().positive().default(300),
  /** Every key starts with `<keyPrefix>:`. */
  keyPrefix: z.string().min(1).default('agent-runtime'),
});

export type RedisJobCacheOptions = z.input<typeof optionsSchema>;

/**
 * A JobStore in front of another one (the primary, e.g. PostgresJobStore): `get` reads Redis first and fills
 * it from the primary on a miss; writes go to the primary first (which stays the only judge of uniqueness and
 * compare-and-set), then to Redis. A cache fill or write never replaces a newer cached version, and a job
 * being written or deleted is not filled back in, so no cache instance serves a version older than the last
 * completed update. Queries (list, count, getByIdempotencyKey, listClaimable) go to the primary, and so do
 * leases. A Redis failure is a RedisConnectionError or RedisCommandError and changes nothing; once the primary
 * is written the call succeeds, even if putting the new version into the cache fails.
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

  create(job: JobRecord, options?: JobUpdateOptions): Promise<JobRecord> {
    return this.writeThrough(job.jobId, () => this.primaryStore.create(job, options));
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const key = this.key(jobId);
    const cached = await typedRedisErrors(() => this.client.hget(key, 'json'));
    if (cached !== null) return JobRecord.fromJSON(JSON.parse(cached));
    const job = await this.primaryStore.get(jobId);
    if (job) await this.fill(job, 'populate');
    return job;
  }

  update(job: JobRecord, options?: JobUpdateOptions): Promise<JobRecord> {
    return this.writeThrough(job.jobId, () => this.primaryStore.update(job, options));
  }

  async delete(jobId: string): Promise<boolean> {
    await this.holdFills(jobId);
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

  /** Drops the cached copy of a job (the next `get` reads the primary). */
  async invalidate(jobId: string): Promise<void> {
    const key = this.key(jobId);
    await typedRedisErrors(() => this.client.del(key));
  }

  /**
   * A write of the primary, between holding fills (so a Redis that fails fails the call before the primary
   * is written) and caching what the primary stored.
   */
  private async writeThrough<T extends JobRecord | undefined>(
    jobId: string,
    write: () => Promise<T>,
  ): Promise<T> {
    await this.holdFills(jobId);
    const stored = await write();
    if (stored) await this.fill(stored, 'store');
    return stored;
  }

  /**
   * Drops the cached copy and leaves a marker that read-through fills respect for `ttlSeconds` (until a write
   * caches a new version): a read that raced the write or delete never puts an old record back, also when
   * caching the new version fails.
   */
  private async holdFills(jobId: string): Promise<void> {
    const key = this.key(jobId);
    await typedRedisErrors(() =>
      execTransaction(this.client.multi().del(key).hset(key, 'held', '1').expire(key, this.ttlSeconds)),
    );
  }

  /**
   * Caches `job` unless a newer version is cached (or, to `populate`, fills are held). Best effort: when it
   * fails, readers go on reading the primary (the job is not cached, or fills are held).
   */
  private async fill(job: JobRecord, mode: 'store' | 'populate'): Promise<void> {
    const json = JSON.stringify(job.toJSON());
    await this.client
      .eval(SET_CACHED_JOB, 1, this.key(job.jobId), json, job.version, this.ttlSeconds, mode)
      .catch(() => {});
  }

  private key(jobId: string): string {
    return `${this.keyPrefix}:job:${parseInput(idSchema, jobId, 'jobId')}`;
  }
}
