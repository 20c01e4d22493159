import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL } from '../test-support/test-databases';
import { PostgresQueryError } from './postgres-query-error';
import { retryOnDeadlock } from './retry-on-deadlock';
import { toSqlDatabase } from './to-sql-database';

const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
afterAll(() => pool.end());
const db = toSqlDatabase(pool);

/** A statement the server fails with `sqlState`, as PostgreSQL fails a deadlock's victim. */
const failingWith = (sqlState: string) => () =>
  db.query(`DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '${sqlState}'; END $$`);

describe('retryOnDeadlock', () => {
  it('runs the write again after a deadlock, and returns its result', async () => {
    let attempts = 0;
    const result = await retryOnDeadlock(() => {
      attempts++;
      return attempts < 3 ? failingWith('40P01')() : db.query<{ one: number }>('SELECT 1 AS one');
    }, 5);
    expect(result.rows).toEqual([{ one: 1 }]);
    expect(attempts).toBe(3);
  });

  it('throws the deadlock after `attempts` tries in all', async () => {
    let attempts = 0;
    const outcome = await retryOnDeadlock(() => {
      attempts++;
      return failingWith('40P01')();
    }, 3).catch((error: unknown) => error);
    expect(outcome).toSatisfy(PostgresQueryError.isInstance);
    expect(outcome).toMatchObject({ sqlState: '40P01' });
    expect(attempts).toBe(3);
  });

  it('does not run again after any other failure', async () => {
    let attempts = 0;
    const outcome = await retryOnDeadlock(() => {
      attempts++;
      return failingWith('40001')();
    }, 5).catch((error: unknown) => error);
    expect(outcome).toMatchObject({ sqlState: '40001' });
    expect(attempts).toBe(1);
  });
});
