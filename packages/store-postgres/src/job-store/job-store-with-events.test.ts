import {
  ConcurrentModificationError,
  ManualClock,
  RuntimeEvent,
  type RuntimeEventContent,
  ValidationError,
} from '@agent-runtime/core';
import { IdempotencyConflictError, JobRecord, JobStatus } from '@agent-runtime/jobs';
import { describe, expect, it } from 'vitest';
import { createPostgresStores } from '../create-postgres-stores';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresJobStore } from './postgres-job-store';

const backends = useBackends();

describe.each(backends)('PostgresJobStore.updateWithEvents and createWithEvents on $name', (backend) => {
  const clock = new ManualClock(1_700_000_000_000);
  const stores = async () => {
    const suffix = uniqueName('t');
    const { jobStore, eventLog, migrate } = createPostgresStores(await backend.handle(), {
      schema: backend.schema,
      tableNames: { jobs: `jobs_${suffix}`, events: `events_${suffix}` },
    });
    await migrate();
    return { jobStore, eventLog, eventsTable: eventLog.table.qualified };
  };
  const eventOf = (job: JobRecord, content: RuntimeEventContent) =>
    new RuntimeEvent({ ...content, jobId: job.jobId, scopeId: job.scopeId, timestamp: clock.now() });
  const started = (job: JobRecord) => [
    eventOf(job, { type: 'job.status_changed', data: { from: 'queued', to: 'running' } }),
    eventOf(job, { type: 'job.started', data: {} }),
  ];

  it('stores the job and its events in one statement, the events numbered after the job’s earlier ones', async () => {
    const { jobStore, eventLog } = await stores();
    const job = await jobStore.create(JobRecord.create({ scopeId: 's' }, { clock }));
    await eventLog.append([eventOf(job, { type: 'progress', data: { progress: 0 } })]);
    const written = await jobStore.updateWithEvents(job.transitionTo(JobStatus.RUNNING), started(job));
    expect(written.job).toMatchObject({ status: JobStatus.RUNNING, version: 2 });
    expect(written.events.map((event) => [event.type, event.seq])).toEqual([
      ['job.status_changed', 2],
      ['job.started', 3],
    ]);
    expect((await eventLog.read(job.jobId)).map((event) => event.seq)).toEqual([1, 2, 3]);
    expect((await jobStore.get(job.jobId))?.toJSON()).toEqual(written.job.toJSON());
  });

  it('stores none of the events of a refused compare-and-set, and the next append has no gap', async () => {
    const { jobStore, eventLog } = await stores();
    const job = await jobStore.create(JobRecord.create({ scopeId: 's' }, { clock }));
    await jobStore.update(job.withProgress(0.5));
    const error = await jobStore
      .updateWithEvents(job.transitionTo(JobStatus.RUNNING), started(job))
      .catch((e: unknown) => e);
    expect(ConcurrentModificationError.isInstance(error)).toBe(true);
    expect(await eventLog.read(job.jobId)).toEqual([]);
    const [first] = await eventLog.append([eventOf(job, { type: 'progress', data: { progress: 0.5 } })]);
    expect(first?.seq).toBe(1);
  });

  it('leaves the job unwritten when its events cannot be stored: both commit or neither', async () => {
    const { jobStore, eventLog, eventsTable } = await stores();
    const db = await backend.db();
    // a fault in the events' part of the statement, after the job's UPDATE ran
    const fn = `"${backend.schema}".${uniqueName('refuse')}`;
    await db.query(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.type = 'job.started' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`,
    );
    await db.query(
      `CREATE TRIGGER refuse BEFORE INSERT ON ${eventsTable} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    const job = await jobStore.create(JobRecord.create({ scopeId: 's' }, { clock }));
    await expect(
      jobStore.updateWithEvents(job.transitionTo(JobStatus.RUNNING), started(job)),
    ).rejects.toThrow(/injected fault/);
    expect((await jobStore.get(job.jobId))?.toJSON()).toEqual(job.toJSON());
    expect(await eventLog.read(job.jobId)).toEqual([]);
    // the counter rolled back with it: the job's first stored event is seq 1
    const [first] = await eventLog.append([eventOf(job, { type: 'progress', data: { progress: 0 } })]);
    expect(first?.seq).toBe(1);
  });

  it('stores no events when the job write takes another job’s idempotency key', async () => {
    const { jobStore, eventLog } = await stores();
    await jobStore.create(JobRecord.create({ scopeId: 's', idempotencyKey: 'k' }, { clock }));
    const other = await jobStore.create(JobRecord.create({ scopeId: 's' }, { clock }));
    const taking = new JobRecord({ ...other.toJSON(), idempotencyKey: 'k' });
    const error = await jobStore.updateWithEvents(taking, started(other)).catch((e: unknown) => e);
    expect(IdempotencyConflictError.isInstance(error)).toBe(true);
    expect(await eventLog.read(other.jobId)).toEqual([]);
  });

  it('refuses events of another job, and a store without an event log', async () => {
    const { jobStore } = await stores();
    const job = await jobStore.create(JobRecord.create({ scopeId: 's' }, { clock }));
    const stranger = JobRecord.create({ scopeId: 's' }, { clock });
    await expect(jobStore.updateWithEvents(job.withProgress(0.1), started(stranger))).rejects.toThrow(
      ValidationError,
    );
    const alone = new PostgresJobStore(await backend.handle(), {
      schema: backend.schema,
      tableName: jobStore.table.tableName,
    });
    await expect(alone.updateWithEvents(job.withProgress(0.1), started(job))).rejects.toThrow(
      ValidationError,
    );
    expect((await jobStore.get(job.jobId))?.version).toBe(1);
  });

  const runningJob = (init: { idempotencyKey?: string } = {}) =>
    JobRecord.create({ scopeId: 's', ...init }, { clock })
      .transitionTo(JobStatus.RUNNING, { now: clock.now() })
      .withLease('w1', clock.now());

  it('inserts the job and its first events in one statement, the lease by the database clock', async () => {
    const { jobStore, eventLog } = await stores();
    const job = runningJob();
    const before = Date.now();
    const written = await jobStore.createWithEvents(job, started(job), { leaseMs: 30_000 });
    expect(written.job).toMatchObject({ status: JobStatus.RUNNING, leaseOwner: 'w1', version: 1 });
    expect(written.job.leaseExpiresAt!).toBeGreaterThanOrEqual(before + 30_000 - 1_000);
    expect(written.job.leaseExpiresAt!).toBeLessThanOrEqual(Date.now() + 30_000 + 1_000);
    expect(written.events.map((event) => [event.type, event.seq])).toEqual([
      ['job.status_changed', 1],
      ['job.started', 2],
    ]);
    expect((await eventLog.read(job.jobId)).map((event) => event.seq)).toEqual([1, 2]);
    expect((await jobStore.get(job.jobId))?.toJSON()).toEqual(written.job.toJSON());
    const [next] = await eventLog.append([eventOf(job, { type: 'progress', data: { progress: 0.5 } })]);
    expect(next?.seq).toBe(3);
  });

  it('stores none of the events when the job’s id or idempotency key is taken', async () => {
    const { jobStore, eventLog } = await stores();
    const first = await jobStore.create(JobRecord.create({ scopeId: 's', idempotencyKey: 'k' }, { clock }));
    const taking = runningJob({ idempotencyKey: 'k' });
    const error = await jobStore.createWithEvents(taking, started(taking)).catch((e: unknown) => e);
    expect(IdempotencyConflictError.isInstance(error)).toBe(true);
    expect((error as IdempotencyConflictError).existingJobId).toBe(first.jobId);
    expect(await eventLog.read(taking.jobId)).toEqual([]);
    const again = await jobStore.createWithEvents(first, started(first)).catch((e: unknown) => e);
    expect(IdempotencyConflictError.isInstance(again)).toBe(true);
    expect(await eventLog.read(first.jobId)).toEqual([]);
    expect(await jobStore.get(taking.jobId)).toBeUndefined();
  });
});
