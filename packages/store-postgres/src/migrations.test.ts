import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TableRef } from './database/table-ref';
import { toSqlDatabase } from './database/to-sql-database';
import { MIGRATIONS_TABLE, type Migration, MigrationGate, runMigrations } from './migrations';
import { POSTGRES_URL, uniqueName, useBackends } from './test-support/test-databases';

const backends = useBackends();

const MIGRATIONS: Migration[] = [
  {
    version: 2,
    description: 'add note',
    statements: (t) => [`ALTER TABLE ${t.qualified} ADD COLUMN IF NOT EXISTS note text`],
  },
  {
    version: 1,
    description: 'create',
    statements: (t) => [`CREATE TABLE IF NOT EXISTS ${t.qualified} (id integer PRIMARY KEY)`],
  },
];

describe.each(backends)('runMigrations on $name', (backend) => {
  const ref = () => TableRef.from({ schema: backend.schema, tableName: uniqueName('m') }, 'x', 'options');

  it('applies pending migrations in version order once, then nothing', async () => {
    const db = await backend.db();
    const table = ref();
    expect(await runMigrations(db, table, MIGRATIONS)).toEqual([1, 2]);
    expect(await runMigrations(db, table, MIGRATIONS)).toEqual([]);
    await db.query(`INSERT INTO ${table.qualified} (id, note) VALUES (1, 'ok')`);
    const { rows } = await db.query<{ version: number; description: string }>(
      `SELECT version, description FROM ${table.sibling(MIGRATIONS_TABLE)} WHERE table_name = $1 ORDER BY version`,
      [table.tableName],
    );
    expect(rows).toEqual([
      { version: 1, description: 'create' },
      { version: 2, description: 'add note' },
    ]);
  });

  it('applies only the migrations added since', async () => {
    const db = await backend.db();
    const table = ref();
    expect(await runMigrations(db, table, MIGRATIONS.slice(1))).toEqual([1]);
    expect(await runMigrations(db, table, MIGRATIONS)).toEqual([2]);
  });

  it('records nothing when a migration fails', async () => {
    const db = await backend.db();
    const table = ref();
    const broken: Migration = {
      version: 3,
      description: 'broken',
      statements: () => ['SELECT * FROM nowhere'],
    };
    await expect(runMigrations(db, table, [...MIGRATIONS, broken])).rejects.toMatchObject({
      code: 'POSTGRES_QUERY_ERROR',
      sqlState: '42P01',
    });
    const exists = await db.query(`SELECT to_regclass($1) AS t`, [table.qualified]);
    expect(exists.rows[0]).toEqual({ t: null });
  });
});

describe('runMigrations across processes', () => {
  it('is safe when ten pools (processes) migrate the same fresh schema at once', async () => {
    const schema = uniqueName('ar_race');
    const pools = Array.from({ length: 10 }, () => new pg.Pool({ connectionString: POSTGRES_URL, max: 1 }));
    try {
      const table = TableRef.from({ schema, tableName: 'raced' }, 'x', 'options');
      const applied = await Promise.all(
        pools.map((pool) => runMigrations(toSqlDatabase(pool), table, MIGRATIONS)),
      );
      expect(applied.filter((versions) => versions.length > 0)).toEqual([[1, 2]]);
    } finally {
      await pools[0]!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});

describe('MigrationGate', () => {
  it('migrates once, and again after a failure', async () => {
    let calls = 0;
    const gate = new MigrationGate(async () => {
      calls++;
      if (calls === 1) throw new Error('first attempt fails');
    });
    await expect(gate.ensure()).rejects.toThrow('first attempt fails');
    await Promise.all([gate.ensure(), gate.ensure()]);
    await gate.ensure();
    expect(calls).toBe(2);
  });
});
