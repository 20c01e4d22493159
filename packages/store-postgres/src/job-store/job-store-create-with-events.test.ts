import { ManualClock, RuntimeEvent, type RuntimeEventContent } from '@agent-runtime/core';
import { IdempotencyConflictError, JobRecord, JobStatus } from '@agent-runtime/jobs';
import { describe, expect, it } from 'vitest';
import { createPostgresStores } from '../create-postgres-stores';
import { uniqueName, useBackends } from '../test-support/test-databases';

const backends = useBackends();

describe.each(backends)('PostgresJobStore.createWithEvents on $name', (backend) => {
  const clock = new ManualClock(1_700_000_000_000);
  const stores = async () => {
    const suffix = uniqueName('t');
    const { jobStore, eventLog, migrate } = createPostgresStores(await backend.handle(), {
      schema: backend.schema,
      tableNames: { jobs: `jobs_${suffix}`, events: `events_${suffix}` },
    });
    await migrate();
    return { jobStore, eventLog };
  };
  const eventOf = (job: JobRecord, content: RuntimeEventContent) =>
    new RuntimeEvent({ ...content, jobId: job.jobId, scopeId: job.scopeId, timestamp: clock.now() });
  const started = (job: JobRecord) => [
    eventOf(job, { type: 'job.status_changed', data: { from: 'queued', to: 'running' } }),
    eventOf(job, { type: 'job.started', data: {} }),
  ];
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
