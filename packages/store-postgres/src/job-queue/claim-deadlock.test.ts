import { JobRecord } from '@agent-runtime/jobs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { queueOnBackend } from '../test-support/queue-on-backend';
import { POSTGRES_URL, postgresBackend, uniqueName } from '../test-support/test-databases';

const backend = postgresBackend();
afterAll(() => backend.close());

/**
 * Polls (at most 5 s) until a backend runs `claim` and waits for a lock; outside any transaction, since one
 * keeps the `pg_stat_activity` it read first.
 */
async function untilClaimWaitsForALock(): Promise<void> {
  const db = await backend.db();
  const end = Date.now() + 5_000;
  while (Date.now() < end) {
    const { rows } = await db.query(
      `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%WITH skipping AS%'`,
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the claim never waited for a lock');
}

describe('a claim chosen as a deadlock victim (PostgreSQL)', () => {
  it('is run again instead of failing, and the job is claimed', async () => {
    const { jobStore, queue } = await queueOnBackend(backend);
    const scopeId = uniqueName('scope');
    const job = await queue.enqueue(new JobRecord({ jobId: uniqueName('j'), scopeId }));
    const slots = queue.table.qualified;
    const other = new pg.Client({ connectionString: POSTGRES_URL });
    await other.connect();
    try {
      // a real lock cycle: `other` holds the scope row; the claim locks the job, then its trigger waits for
      // the scope row; `other` then waits for the job. The claim waited first, so it detects the cycle and
      // PostgreSQL cancels it (40P01), which releases the job to `other`.
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM ${slots} WHERE scope_id = $1 FOR UPDATE`, [scopeId]);
      const claim = () => queue.claim({ workerId: 'w1', limit: 1, leaseMs: 30_000 });
      const claimed = claim();
      claimed.catch(() => {});
      await untilClaimWaitsForALock();
      await other.query(`SELECT 1 FROM ${jobStore.table.qualified} WHERE job_id = $1 FOR UPDATE`, [
        job.jobId,
      ]);
      await other.query('COMMIT');
      // run again at once, the claim may find the job still locked by `other` (SKIP LOCKED): then it is free
      const [taken = (await claim())[0]] = await claimed;
      expect(taken).toMatchObject({ jobId: job.jobId, status: 'running', leaseOwner: 'w1' });
    } finally {
      await other.end();
    }
  }, 20_000);
});
