// Test support (not exported): the real server of DESIGN §5 and one shared PGlite per test file.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { SqlDatabase } from '../database/sql-database';
import { toSqlDatabase } from '../database/to-sql-database';

export const POSTGRES_URL =
  process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A name no other test run uses, so parallel runs never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** One backend the stores run on in a test file. */
export interface TestBackend {
  readonly name: 'postgres' | 'pglite';
  /** The raw handle (a pg.Pool or a PGlite), opened on first use. */
  handle(): Promise<pg.Pool | PGlite>;
  db(): Promise<SqlDatabase>;
  /** A schema of its own in this backend (dropped by `close`). */
  readonly schema: string;
  close(): Promise<void>;
}

function backend(name: TestBackend['name'], open: () => Promise<pg.Pool | PGlite>): TestBackend {
  let opened: Promise<pg.Pool | PGlite> | undefined;
  const schema = uniqueName(`ar_${name}`);
  const handle = () => {
    opened ??= open();
    return opened;
  };
  return {
    name,
    schema,
    handle,
    db: async () => toSqlDatabase(await handle()),
    close: async () => {
      if (!opened) return;
      const raw = await opened;
      await toSqlDatabase(raw).query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      if (raw instanceof PGlite) await raw.close();
      else await raw.end();
    },
  };
}

/** The real PostgreSQL; the first query fails (the test with it) when the server is not running. */
export function postgresBackend(max = 20): TestBackend {
  return backend('postgres', async () => new pg.Pool({ connectionString: POSTGRES_URL, max }));
}

/** An in-memory PGlite (about 3 s to start: share one per test file). */
export function pgliteBackend(): TestBackend {
  return backend('pglite', () => PGlite.create());
}

/**
 * Both backends for one test file: opened before its tests (PGlite's start may take well over the default
 * hook timeout while other files run in parallel) and closed, with their schemas dropped, after them.
 */
export function useBackends(): [postgres: TestBackend, pglite: TestBackend] {
  const backends: [TestBackend, TestBackend] = [postgresBackend(), pgliteBackend()];
  beforeAll(() => Promise.all(backends.map((b) => b.handle())), 60_000);
  afterAll(() => Promise.all(backends.map((b) => b.close())));
  return backends;
}
