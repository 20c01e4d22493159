import { JobRecord } from '@agent-runtime/jobs';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { PostgresJobStore } from '../job-store/postgres-job-store';
import { POSTGRES_URL, uniqueName } from '../test-support/test-databases';
import { claimStatement } from './claim-statement';
import { PostgresJobQueue } from './postgres-job-queue';

const schema = uniqueName('ar_prepared');
// one connection: the statements it prepared are the ones pg_prepared_statements shows
const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

async function queueOf(tableName: string) {
  const jobStore = new PostgresJobStore(pool, { schema, tableName });
  const queue = new PostgresJobQueue(pool, { jobStore });
  await queue.migrate();
  return { jobStore, queue };
}

it('on a pg.Pool, claims are one prepared statement per connection and queue: planned once, then reused', async () => {
  const a = await queueOf(uniqueName('jobs'));
  const b = await queueOf(uniqueName('jobs'));
  for (const { queue } of [a, b])
    for (let i = 0; i < 3; i++) await queue.enqueue(JobRecord.create({ scopeId: `s${i}` }));
  const claimed = [];
  for (let i = 0; i < 3; i++)
    for (const { queue } of [a, b])
      claimed.push(...(await queue.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 })));
  expect(claimed).toHaveLength(6);
  const { rows } = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
  const claims = [a, b].map(({ jobStore, queue }) =>
    rows.filter((row) => row.statement === claimStatement(jobStore.table, queue.table)),
  );
  expect(claims.map((found) => found.length)).toEqual([1, 1]);
});
