import { describe, expect, it } from 'vitest';
import { createPostgresStores } from './create-postgres-stores';
import { openPGlite } from './database/open-pglite';
import { PostgresConnectionError } from './database/postgres-connection-error';
import { MIGRATIONS_TABLE } from './migrations';
import { useBackends } from './test-support/test-databases';

const backends = useBackends();

describe.each(backends)('createPostgresStores on $name', (backend) => {
  it('builds the three stores over one database and migrates their tables with their indexes', async () => {
    const stores = createPostgresStores(await backend.handle(), {
      schema: backend.schema,
      tableNames: { jobs: 'jobs', actions: 'actions' },
    });
    expect(stores.jobStore.table.qualified).toBe(`"${backend.schema}"."jobs"`);
    expect(stores.actionStore.table.qualified).toBe(`"${backend.schema}"."actions"`);
    expect(stores.ledgerWriter.table.qualified).toBe(`"${backend.schema}"."runtime_ledger"`);
    expect(stores.budgetStore.table.qualified).toBe(`"${backend.schema}"."runtime_budgets"`);
    expect(stores.eventLog.table.qualified).toBe(`"${backend.schema}"."runtime_events"`);
    expect(stores.artifactStore.table.qualified).toBe(`"${backend.schema}"."runtime_artifacts"`);
    expect(stores.jobQueue.table.qualified).toBe(`"${backend.schema}"."jobs_scope_slots"`);
    await stores.migrate();
    await stores.migrate();
    const db = await backend.db();
    const { rows } = await db.query<{ indexdef: string }>(
      'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname',
      [backend.schema],
    );
    const defs = rows.map((r) => r.indexdef.replace(/ USING btree/g, '').replace(`"${backend.schema}".`, ''));
    const has = (pattern: RegExp) =>
      expect(
        defs.some((d) => pattern.test(d)),
        String(pattern),
      ).toBe(true);
    has(
      /UNIQUE INDEX jobs_idem_idx ON .*jobs \(scope_id, idempotency_key\) WHERE \(idempotency_key IS NOT NULL\)/,
    );
    has(/INDEX jobs_scope_idx ON .*jobs \(scope_id, created_at, job_id\)/);
    has(/INDEX jobs_status_idx ON .*jobs \(status, deadline\)/);
    has(/INDEX jobs_created_idx ON .*jobs \(created_at, job_id\)/);
    has(/INDEX jobs_queue_idx ON .*jobs \(scope_id, queue_priority DESC, created_at, job_id\) WHERE/);
    has(/INDEX jobs_scope_slots_served_idx ON .*jobs_scope_slots \(last_served_at NULLS FIRST, scope_id\)/);
    has(/UNIQUE INDEX actions_token_idx ON .*actions \(resume_token_hash\)/);
    has(/INDEX actions_pending_expiry_idx ON .*actions \(expires_at\) WHERE .*status = 'pending'/);
    has(
      /INDEX runtime_ledger_principal_time_idx ON .*runtime_ledger \(scope_id, principal_id, "?timestamp"?\)/,
    );
    has(/INDEX runtime_ledger_session_time_idx ON .*runtime_ledger \(scope_id, session_id, "?timestamp"?\)/);
    has(/INDEX runtime_artifacts_job_idx ON .*runtime_artifacts \(job_id, seq\)/);
    const versions = await db.query<{ table_name: string }>(
      `SELECT table_name FROM "${backend.schema}".${MIGRATIONS_TABLE} ORDER BY table_name, version`,
    );
    has(/UNIQUE INDEX runtime_events_pkey ON .*runtime_events \(job_id, seq\)/);
    expect(versions.rows.map((r) => r.table_name)).toEqual([
      'actions',
      'jobs',
      'jobs',
      'jobs_scope_slots',
      'jobs_scope_slots',
      'runtime_artifacts',
      'runtime_budgets',
      'runtime_events',
      'runtime_ledger',
      'runtime_ledger',
      'runtime_ledger',
    ]);
    const functions = await db.query<{ proname: string }>(
      'SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1',
      [backend.schema],
    );
    expect(functions.rows.map((r) => r.proname)).toContain('runtime_ledger_reserve');
  });

  it('validates its options, naming the field', async () => {
    const db = await backend.handle();
    expect(() => createPostgresStores(db, { tableNames: { ledger: 'bad-name' } })).toThrow(
      expect.objectContaining({ field: 'options.tableNames.ledger' }),
    );
    expect(() => createPostgresStores(db, { schema: '' })).toThrow(
      expect.objectContaining({ field: 'options.schema' }),
    );
    expect(() => createPostgresStores(db, { extra: 1 } as never)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
  });
});

describe('openPGlite', () => {
  it('opens an empty in-memory database', async () => {
    const db = await openPGlite();
    expect((await db.query('SELECT 1 + 1 AS two')).rows).toEqual([{ two: 2 }]);
    await db.close();
  });

  it('throws PostgresConnectionError when the data directory cannot be used', async () => {
    await expect(openPGlite('/proc/version/not-a-dir')).rejects.toSatisfy(PostgresConnectionError.isInstance);
  });
});
