import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { isConnectionFailure } from './connection-errors';
import { PostgresConnectionError } from './postgres-connection-error';
import { toSqlDatabase } from './to-sql-database';

const backends = useBackends();

describe.each(backends)('SqlDatabase on $name', (backend) => {
  const table = async () => {
    const db = await backend.db();
    const name = `"${backend.schema}"."${uniqueName('t')}"`;
    await db.query(`CREATE SCHEMA IF NOT EXISTS "${backend.schema}"`);
    await db.query(`CREATE TABLE ${name} (id integer PRIMARY KEY, note text)`);
    return { db, name };
  };

  it('adapts the raw handle and reports its kind', async () => {
    const db = await backend.db();
    expect(db.kind).toBe(backend.name === 'postgres' ? 'pg' : 'pglite');
    expect(toSqlDatabase(db)).toBe(db);
  });

  it('runs parameterized statements and reports the rows they touched', async () => {
    const { db, name } = await table();
    const inserted = await db.query(`INSERT INTO ${name} VALUES ($1, $2), ($3, $4)`, [1, "it's", 2, null]);
    expect(inserted.rowCount).toBe(2);
    const { rows } = await db.query<{ note: string | null }>(`SELECT note FROM ${name} ORDER BY id`);
    expect(rows).toEqual([{ note: "it's" }, { note: null }]);
    expect((await db.query(`UPDATE ${name} SET note = 'x' WHERE id > $1`, [5])).rowCount).toBe(0);
  });

  it('commits a transaction that succeeds', async () => {
    const { db, name } = await table();
    const result = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${name} VALUES (1, 'a')`);
      await tx.query(`INSERT INTO ${name} VALUES (2, 'b')`);
      return 'done';
    });
    expect(result).toBe('done');
    expect((await db.query(`SELECT id FROM ${name}`)).rows).toHaveLength(2);
  });

  it('rolls back a transaction that throws, leaving nothing half-written', async () => {
    const { db, name } = await table();
    const failing = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${name} VALUES (1, 'a')`);
      await tx.query(`INSERT INTO ${name} VALUES (1, 'duplicate')`);
    });
    await expect(failing).rejects.toMatchObject({ code: 'POSTGRES_QUERY_ERROR', sqlState: '23505' });
    const thrown = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${name} VALUES (2, 'b')`);
      throw new Error('application failure');
    });
    await expect(thrown).rejects.toThrow('application failure');
    expect((await db.query(`SELECT id FROM ${name}`)).rows).toEqual([]);
  });
});

describe('connection failures', () => {
  it('surface as PostgresConnectionError when the server is unreachable', async () => {
    const pool = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/test',
      connectionTimeoutMillis: 2000,
    });
    const db = toSqlDatabase(pool);
    try {
      const query = await db.query('SELECT 1').catch((e: unknown) => e);
      expect(PostgresConnectionError.isInstance(query)).toBe(true);
      expect((query as PostgresConnectionError).code).toBe('POSTGRES_CONNECTION_ERROR');
      expect((query as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
      const tx = await db.transaction(async () => 1).catch((e: unknown) => e);
      expect(PostgresConnectionError.isInstance(tx)).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('surface as PostgresConnectionError when a PGlite instance is closed', async () => {
    const pglite = await PGlite.create();
    const db = toSqlDatabase(pglite);
    await pglite.close();
    await expect(db.query('SELECT 1')).rejects.toSatisfy(PostgresConnectionError.isInstance);
    await expect(db.transaction(async (tx) => tx.query('SELECT 1'))).rejects.toSatisfy(
      PostgresConnectionError.isInstance,
    );
  });

  it('are told apart from statement errors', () => {
    expect(isConnectionFailure(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(
      isConnectionFailure(new AggregateError([Object.assign(new Error(), { code: 'ECONNREFUSED' })])),
    ).toBe(true);
    expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(isConnectionFailure('ECONNREFUSED')).toBe(false);
  });

  it('toSqlDatabase refuses anything that is neither a pool nor PGlite', () => {
    expect(() => toSqlDatabase({} as never)).toThrow(expect.objectContaining({ field: 'db' }));
    expect(() => toSqlDatabase(null as never)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });
});
