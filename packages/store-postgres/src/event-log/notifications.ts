import { PgPoolDatabase } from '../database/pg-pool-database';
import type { PostgresDatabase } from '../database/sql-database';
import { isPGlite, isPgPool } from '../database/to-sql-database';

/** Stops listening (and gives the connection back). */
export type Unlisten = () => Promise<void>;

/**
 * LISTENs on `channel` over a connection of its own, calling `onPayload` for each notification; `onLost` when
 * that connection breaks (the listener is then gone).
 */
export type Listen = (
  channel: string,
  onPayload: (payload: string) => void,
  onLost: () => void,
) => Promise<Unlisten>;

interface NotifyingClient {
  query(text: string): Promise<unknown>;
  release(destroy?: boolean | Error): void;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
}

interface ListeningPGlite {
  listen(channel: string, callback: (payload: string) => void): Promise<Unlisten>;
}

/**
 * How to LISTEN on `db`: a dedicated client of a `pg.Pool` (or of a PgPoolDatabase's), PGlite's own `listen`,
 * or none (polling only).
 */
export function listenerFor(db: PostgresDatabase): Listen | undefined {
  if (db === null || typeof db !== 'object') return undefined;
  if (db instanceof PgPoolDatabase) return listenerFor(db.pool);
  if (isPgPool(db)) return (channel, onPayload, onLost) => listenOnPool(db, channel, onPayload, onLost);
  if (isPGlite(db) && typeof (db as Partial<ListeningPGlite>).listen === 'function')
    return (channel, onPayload) => (db as unknown as ListeningPGlite).listen(channel, onPayload);
  return undefined;
}

async function listenOnPool(
  pool: { connect(): Promise<unknown> },
  channel: string,
  onPayload: (payload: string) => void,
  onLost: () => void,
): Promise<Unlisten> {
  const client = (await pool.connect()) as NotifyingClient;
  let released = false;
  const onNotification = (message: { channel: string; payload?: string }) => {
    if (message.channel === channel) onPayload(message.payload ?? '');
  };
  const onError = (error: Error) => {
    release(error);
    onLost();
  };
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.removeListener('notification', onNotification);
    client.removeListener('error', onError);
    client.release(error);
  };
  client.on('notification', onNotification);
  client.on('error', onError);
  try {
    await client.query(`LISTEN "${channel}"`);
  } catch (error) {
    release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  return async () => {
    if (released) return;
    const error = await client.query(`UNLISTEN "${channel}"`).then(
      () => undefined,
      (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
    );
    release(error);
  };
}
