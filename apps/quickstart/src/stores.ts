import {
  type ActionStore,
  InMemoryActionStore,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  type JobStore,
  type LedgerWriter,
  ValidationError,
} from '@agent-runtime/kernel';
import {
  createPostgresStores,
  openPGlite,
  type PostgresDatabase,
  type PostgresStores,
} from '@agent-runtime/store-postgres';
import pg from 'pg';

/** Where the quick start keeps jobs, actions and usage, and how to let go of it. */
export interface QuickstartStores {
  /** The line the quick start prints second: which store is in use. */
  readonly banner: string;
  readonly jobStore: JobStore;
  readonly actionStore: ActionStore;
  readonly ledgerWriter: LedgerWriter;
  /** For a store that outlives the process: how to run the quick start on it again with `--approve`. */
  readonly approveCommand?: string;
  close(): Promise<void>;
}

/**
 * `--data-dir <dir>` → PGlite persisted in that directory; else `DATABASE_URL` → PostgreSQL through a
 * `pg.Pool`; else in memory. `DATABASE_SCHEMA` puts the tables in that schema (created if missing).
 */
export async function openStores(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<QuickstartStores> {
  const dataDir = dataDirArgument(argv);
  const schema = env.DATABASE_SCHEMA || undefined;
  const inSchema = schema === undefined ? '' : `, schema ${schema}`;
  if (dataDir !== undefined) {
    const db = await openPGlite(dataDir);
    const banner = `Store: PGlite (embedded PostgreSQL) in ${dataDir}${inSchema}.`;
    const approveCommand = `pnpm quickstart --data-dir ${dataDir} --approve`;
    return postgresStores(db, schema, { banner, approveCommand }, () => db.close());
  }
  if (env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL });
    const banner = `Store: PostgreSQL at ${serverOf(env.DATABASE_URL)} (DATABASE_URL)${inSchema}.`;
    const approveCommand = 'pnpm quickstart --approve (with the same DATABASE_URL and DATABASE_SCHEMA)';
    return postgresStores(pool, schema, { banner, approveCommand }, () => pool.end());
  }
  return {
    banner: 'Store: in memory (--data-dir <dir> keeps jobs in PGlite; DATABASE_URL uses PostgreSQL).',
    jobStore: new InMemoryJobStore(),
    actionStore: new InMemoryActionStore(),
    ledgerWriter: new InMemoryLedgerWriter(),
    close: async () => {},
  };
}

/** Creates or upgrades the tables up front, so a wrong URL fails before any job starts. */
async function postgresStores(
  db: PostgresDatabase,
  schema: string | undefined,
  labels: { banner: string; approveCommand: string },
  close: () => Promise<void>,
): Promise<QuickstartStores> {
  let stores: PostgresStores;
  try {
    stores = createPostgresStores(db, schema === undefined ? {} : { schema });
    await stores.migrate();
  } catch (error) {
    await close();
    throw error;
  }
  const { jobStore, actionStore, ledgerWriter } = stores;
  return { ...labels, jobStore, actionStore, ledgerWriter, close };
}

/** The value of `--data-dir <dir>` or `--data-dir=<dir>`, if given. */
export function dataDirArgument(argv: readonly string[]): string | undefined {
  const index = argv.findIndex((arg) => arg === '--data-dir' || arg.startsWith('--data-dir='));
  if (index === -1) return undefined;
  const arg = argv[index] as string;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
  if (!value || value.startsWith('--'))
    throw new ValidationError({ field: '--data-dir', message: '--data-dir: expected a directory' });
  return value;
}

/** Host, port and database of a connection URL, never its password. */
function serverOf(url: string): string {
  try {
    const { host, pathname } = new URL(url);
    return `${host}${pathname}`;
  } catch {
    return 'the configured server';
  }
}
