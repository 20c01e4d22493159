import { createPostgresStores, PostgresJobStore } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { InMemoryActionStore, InMemoryJobStore, InMemoryLedgerWriter } from './index';
import { describeEntryPointFuzz } from './testing';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ar_fuzz_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

describeEntryPointFuzz('in-memory stores', {
  open: async () => ({
    jobStore: new InMemoryJobStore(),
    actionStore: new InMemoryActionStore(),
    ledgerWriter: new InMemoryLedgerWriter(),
  }),
});

let pool: pg.Pool | undefined;
describeEntryPointFuzz('PostgreSQL stores', {
  open: async () => {
    pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
    const { migrate, jobStore, actionStore, ledgerWriter } = createPostgresStores(pool, { schema });
    await migrate();
    return { jobStore, actionStore, ledgerWriter };
  },
  close: async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool?.end();
  },
});

describe('PostgreSQL store options', () => {
  it('createPostgresStores / a store refuses a reserved schema before touching the database', async () => {
    const fake = { query: async () => ({ rows: [], rowCount: 0 }), connect: async () => ({}), totalCount: 0 };
    for (const schemaName of ['pg_catalog', 'PG_TOAST', 'information_schema', 'bad-name', 'x'.repeat(64)]) {
      expect(() => createPostgresStores(fake as never, { schema: schemaName })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR', field: 'options.schema' }),
      );
      expect(() => new PostgresJobStore(fake as never, { schema: schemaName })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR' }),
      );
    }
  });
});
