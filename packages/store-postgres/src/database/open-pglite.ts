import { PostgresConnectionError } from './postgres-connection-error';
import type { PGliteLike } from './sql-database';

/** An opened PGlite instance, as far as the stores and their owner need it. */
export interface OpenedPGlite extends PGliteLike {
  readonly closed: boolean;
  close(): Promise<void>;
}

/**
 * Opens an embedded PGlite database (about 3 s): in memory without `dataDir`, else persisted in that
 * directory. Needs the optional peer `@electric-sql/pglite`; without it, throws PostgresConnectionError.
 */
export async function openPGlite(dataDir?: string): Promise<OpenedPGlite> {
  let module: typeof import('@electric-sql/pglite');
  try {
    module = await import('@electric-sql/pglite');
  } catch (error) {
    throw new PostgresConnectionError({
      message: 'cannot open PGlite: install the optional peer dependency @electric-sql/pglite',
      cause: error,
    });
  }
  try {
    return await module.PGlite.create(dataDir);
  } catch (error) {
    throw new PostgresConnectionError({
      message: `cannot open PGlite at ${dataDir ?? 'memory'}`,
      cause: error,
    });
  }
}
