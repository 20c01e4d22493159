import { JobRecord, JobStatus } from '@agent-runtime/jobs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { PostgresJobStore } from '../job-store/postgres-job-store';
import { queueOnBackend } from '../test-support/queue-on-backend';
import { POSTGRES_URL, postgresBackend, uniqueName } from '../test-support/test-databases';
import type { PostgresJobQueue } from './postgres-job-queue';

// The running count is kept only while a scope has a limit: these are the edges that creates.
const backend = postgresBackend();
afterAll(() => backend.close());

const queueOnPostgres = () => queueOnBackend(backend);

async function startedOutsideTheQueue(jobStore: PostgresJobStore, scopeId: string): Promise<JobRecord> {
  const job = await jobStore.create(new JobRecord({ jobId: uniqueName('j'), scopeId }));
  return jobStore.update(job.transitionTo(JobStatus.RUNNING));
}

async function enqueued(queue: PostgresJobQueue, scopeId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId }));
}

/** A connection whose open transaction has set the job's status (raw SQL: the triggers fire, nothing commits). */
async function uncommittedStatus(
  jobStore: PostgresJobStore,
  jobId: string,
  status: string,
): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`UPDATE ${jobStore.table.qualified} SET status = $2 WHERE job_id = $1`, [jobId, status]);
  return client;
}

const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('scope slot counting on PostgreSQL', () => {
  it('a limit set on a scope counts the jobs already running there, also after it was lifted and set again', async () => {
    const { jobStore, queue } = await queueOnPostgres();
    await startedOutsideTheQueue(jobStore, 's');
    await enqueued(queue, 's', 4);
    await queue.setScopeLimits({ scopeId: 's', maxRunningJobs: 2 });
    expect(await queue.claim({ workerId: 'w', limit: 5, leaseMs: 30_000 })).toHaveLength(1);
    await queue.setScopeLimits({ scopeId: 's' });
    const unlimited = await startedOutsideTheQueue(jobStore, 's');
    await jobStore.update(unlimited.transitionTo(JobStatus.SUCCEEDED));
    await startedOutsideTheQueue(jobStore, 's');
    await queue.setScopeLimits({ scopeId: 's', maxRunningJobs: 4 });
    expect(await queue.claim({ workerId: 'w', limit: 5, leaseMs: 30_000 })).toHaveLength(1);
  });

  it.each([
    { change: 'a start', from: JobStatus.QUEUED, to: JobStatus.RUNNING, claimable: 0 },
    { change: 'a completion', from: JobStatus.RUNNING, to: JobStatus.SUCCEEDED, claimable: 1 },
  ])(
    '$change uncommitted while a limit is set counts once it commits: setScopeLimits waits for it',
    async ({ from, to, claimable }) => {
      const { jobStore, queue } = await queueOnPostgres();
      const job = await jobStore.create(new JobRecord({ jobId: uniqueName('j'), scopeId: 's' }));
      if (from === JobStatus.RUNNING) await jobStore.update(job.transitionTo(JobStatus.RUNNING));
      await enqueued(queue, 's', 2);
      const changer = await uncommittedStatus(jobStore, job.jobId, to);
      try {
        const limiting = queue.setScopeLimits({ scopeId: 's', maxRunningJobs: 1 });
        expect(await settledWithin(limiting, 300)).toBe(false);
        await changer.query('COMMIT');
        await limiting;
        expect(await queue.claim({ workerId: 'w', limit: 5, leaseMs: 30_000 })).toHaveLength(claimable);
      } finally {
        await changer.end();
      }
    },
  );

  it('in a scope without a limit, a start in flight holds up neither a claim nor another start there', async () => {
    const { jobStore, queue } = await queueOnPostgres();
    await startedOutsideTheQueue(jobStore, 's');
    const job = await jobStore.create(new JobRecord({ jobId: uniqueName('j'), scopeId: 's' }));
    await enqueued(queue, 's', 1);
    const starter = await uncommittedStatus(jobStore, job.jobId, JobStatus.RUNNING);
    try {
      const claiming = queue.claim({ workerId: 'w', limit: 5, leaseMs: 30_000 });
      const starting = startedOutsideTheQueue(jobStore, 's');
      expect(await settledWithin(Promise.all([claiming, starting]), 2_000)).toBe(true);
      expect(await claiming).toHaveLength(1);
    } finally {
      await starter.query('ROLLBACK');
      await starter.end();
    }
  });

  it('in a scope without a limit, a claim shares the scope with the claimer holding its row instead of waiting', async () => {
    const { jobStore, queue } = await queueOnPostgres();
    await enqueued(queue, 's', 3);
    const claimer = new pg.Client({ connectionString: POSTGRES_URL });
    await claimer.connect();
    try {
      await claimer.query('BEGIN');
      await claimer.query(`SELECT 1 FROM ${queue.table.qualified} WHERE scope_id = 's' FOR NO KEY UPDATE`);
      const claiming = queue.claim({ workerId: 'w', limit: 2, leaseMs: 30_000 });
      expect(await settledWithin(claiming, 2_000)).toBe(true);
      expect(await claiming).toHaveLength(2);
      expect(await jobStore.count({ status: ['queued'] })).toBe(1);
    } finally {
      await claimer.query('ROLLBACK');
      await claimer.end();
    }
  });
});
