import type { JobRecord } from './job-record';

/**
 * The last record a JobManager wrote or read per active job, so its next transition can start from it instead
 * of re-reading (the store's compare-and-set on `version` rejects it when someone else wrote in between).
 * Bounded: an ended job is dropped, and past `capacity` the least recently remembered goes first.
 */
export class KnownJobRecords {
  private readonly records = new Map<string, JobRecord>();

  constructor(private readonly capacity: number) {}

  /** Keeps `job` unless a newer version of it is already known; forgets it once it ended. */
  remember(job: JobRecord): JobRecord {
    const known = this.records.get(job.jobId);
    if (known && known.version > job.version) return job;
    this.records.delete(job.jobId);
    if (!job.isActive) return job;
    this.records.set(job.jobId, job);
    if (this.records.size > this.capacity) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
    return job;
  }

  /** The known record, removed: whoever takes it remembers what the store returns. */
  take(jobId: string): JobRecord | undefined {
    const job = this.records.get(jobId);
    this.records.delete(jobId);
    return job;
  }
}
