import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, uniqueName } from '../test-support/test-databases';
import { PgPoolDatabase } from './pg-pool-database';

// one connection: the statements it prepared are the ones pg_prepared_statements shows
const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
const schema = uniqueName('ar_prepared');
const table = `"${schema}"."t"`;
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});
beforeEach(async () => {
  await pool.query('DEALLOCATE ALL');
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.query(`CREATE SCHEMA "${schema}"`);
  await pool.query(`CREATE TABLE ${table} (id integer PRIMARY KEY)`);
  await pool.query(`INSERT INTO ${table} VALUES (1), (2)`);
});

async function prepared(): Promise<string[]> {
  const { rows } = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
  return rows.map((row) => row.statement).sort();
}

describe('PgPoolDatabase prepares statements with parameters', () => {
  it('once per connection and text, then reuses them', async () => {
    const db = new PgPoolDatabase(pool);
    const byId = `SELECT id FROM ${table} WHERE id = $1`;
    for (const id of [1, 2, 1]) expect((await db.query(byId, [id])).rows).toEqual([{ id }]);
    await db.query(`SELECT count(*) FROM ${table}`);
    expect(await prepared()).toEqual([byId]);
  });

  it('up to maxPreparedStatements texts; later ones run unnamed, and 0 prepares none', async () => {
    const texts = [1, 2, 3].map((n) => `SELECT id FROM ${table} WHERE id = $1 AND ${n} = ${n}`);
    const two = new PgPoolDatabase(pool, { maxPreparedStatements: 2 });
    for (const text of texts) await two.query(text, [1]);
    expect(await prepared()).toEqual(texts.slice(0, 2).sort());
    await pool.query('DEALLOCATE ALL');
    const none = new PgPoolDatabase(pool, { maxPreparedStatements: 0 });
    for (const text of texts) await none.query(text, [1]);
    expect(await prepared()).toEqual([]);
  });

  it('not inside a transaction', async () => {
    const db = new PgPoolDatabase(pool);
    await db.transaction((tx) => tx.query(`SELECT id FROM ${table} WHERE id = $1`, [1]));
    expect(await prepared()).toEqual([]);
  });

  it('and runs one again under a new name once its table changed shape (PostgreSQL refuses the old one)', async () => {
    const db = new PgPoolDatabase(pool);
    const all = `SELECT * FROM ${table} WHERE id = $1`;
    expect((await db.query(all, [1])).rows).toEqual([{ id: 1 }]);
    await pool.query(`ALTER TABLE ${table} ADD COLUMN note text DEFAULT 'added'`);
    expect((await db.query(all, [1])).rows).toEqual([{ id: 1, note: 'added' }]);
    expect((await db.query(all, [2])).rows).toEqual([{ id: 2, note: 'added' }]);
    expect(await prepared()).toContain(all);
  });
});
