import { ValidationError } from '@agent-runtime/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresConnectionError } from './postgres-connection-error';
import { PostgresQueryError } from './postgres-query-error';
import { toSqlDatabase } from './to-sql-database';

const applicationName = uniqueName('ar_faults');
const pool = new pg.Pool({ connectionString: POSTGRES_URL, application_name: applicationName, max: 4 });
const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
afterAll(() => Promise.all([pool.end(), admin.end()]));

const terminateOurConnections = () =>
  admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
    applicationName,
  ]);

describe('a terminated connection', () => {
  it('held by a transaction rejects it with PostgresConnectionError, and the pool recovers', async () => {
    const db = toSqlDatabase(pool);
    const outcome = await db
      .transaction(async (tx) => {
        await tx.query('SELECT 1');
        await terminateOurConnections();
        await new Promise((resolve) => setTimeout(resolve, 50)); // the 'error' event arrives while we hold it
        return tx.query('SELECT 1');
      })
      .catch((error: unknown) => error);
    expect(outcome).toSatisfy(PostgresConnectionError.isInstance);
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('idle in the pool is dropped without crashing the process', async () => {
    const db = toSqlDatabase(pool);
    await Promise.all([db.query('SELECT 1'), db.query('SELECT 1')]);
    await terminateOurConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('while the pool hands it out, in the same network read as the reply before, crashes nothing', async () => {
    const db = toSqlDatabase(pool);
    const storm = setInterval(() => terminateOurConnections().catch(() => {}), 5);
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          i % 2 ? db.query('SELECT 1') : db.transaction((tx) => tx.query('SELECT 1')),
        ),
      );
      for (const outcome of outcomes)
        if (outcome.status === 'rejected')
          expect(outcome.reason).toSatisfy(PostgresConnectionError.isInstance);
    } finally {
      clearInterval(storm);
    }
    // the last terminations reach idle connections asynchronously; once they have, the pool opens new ones
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await db.query('SELECT 1')).rowCount).toBe(1);
  });
});

const backends = useBackends();

describe.each(backends)('driver errors on $name are typed', (backend) => {
  const table = async () => {
    const db = await backend.db();
    const name = `"${backend.schema}"."${uniqueName('t')}"`;
    await db.query(`CREATE SCHEMA IF NOT EXISTS "${backend.schema}"`);
    await db.query(`CREATE TABLE ${name} (id text PRIMARY KEY, doc jsonb, amount numeric(20, 8))`);
    return { db, name };
  };

  it.each([
    ['a NUL byte in text', ['a\u0000b', null, null]],
    ['a lone surrogate in jsonb', ['x', '{"a":"\\ud800"}', null]],
    ['a NUL escape in jsonb', ['y', '{"a":"\\u0000"}', null]],
    ['invalid jsonb', ['z', '{not json', null]],
    ['a numeric out of range', ['w', null, '1e200000']],
  ])('%s is a ValidationError, and nothing is written', async (_what, params) => {
    const { db, name } = await table();
    const error = await db
      .query(`INSERT INTO ${name} VALUES ($1, $2::jsonb, $3::numeric)`, params)
      .catch((e: unknown) => e);
    expect(error).toSatisfy(ValidationError.isInstance);
    expect((error as ValidationError).field).toBe('input');
    expect((await db.query(`SELECT id FROM ${name}`)).rowCount).toBe(0);
  });

  it('an index row over the size limit is a ValidationError', async () => {
    const { db, name } = await table();
    const id = Array.from({ length: 4000 }, (_, i) =>
      String.fromCodePoint(0x4e00 + ((i * 7919) % 20000)),
    ).join('');
    const error = await db.query(`INSERT INTO ${name} (id) VALUES ($1)`, [id]).catch((e: unknown) => e);
    expect(error).toSatisfy(ValidationError.isInstance);
  });

  it('any other statement failure is a PostgresQueryError with its SQLSTATE', async () => {
    const { db, name } = await table();
    await db.query(`INSERT INTO ${name} (id) VALUES ('a')`);
    const duplicate = await db.query(`INSERT INTO ${name} (id) VALUES ('a')`).catch((e: unknown) => e);
    expect(duplicate).toSatisfy(PostgresQueryError.isInstance);
    expect(duplicate).toMatchObject({ code: 'POSTGRES_QUERY_ERROR', sqlState: '23505' });
    const missing = await db.query('SELECT * FROM nowhere_at_all').catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'POSTGRES_QUERY_ERROR', sqlState: '42P01' });
  });

  it('an application error thrown inside a transaction passes through unchanged', async () => {
    const db = await backend.db();
    const mine = new Error('mine');
    await expect(db.transaction(async () => Promise.reject(mine))).rejects.toBe(mine);
  });
});
