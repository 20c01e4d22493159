import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryJobStore } from '@agent-runtime/kernel';
import { PostgresJobStore } from '@agent-runtime/store-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirArgument, openStores } from './stores';

describe('dataDirArgument', () => {
  it('reads --data-dir <dir> and --data-dir=<dir>', () => {
    expect(dataDirArgument(['--yes', '--data-dir', './data'])).toBe('./data');
    expect(dataDirArgument(['--data-dir=/tmp/x'])).toBe('/tmp/x');
    expect(dataDirArgument(['--yes'])).toBeUndefined();
  });

  it.each([[['--data-dir']], [['--data-dir', '--yes']], [['--data-dir=']]])(
    'refuses %j without a directory, naming the flag',
    (argv) => {
      expect(() => dataDirArgument(argv)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR', field: '--data-dir' }),
      );
    },
  );
});

describe('openStores', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('keeps everything in memory without --data-dir or DATABASE_URL', async () => {
    const stores = await openStores([], {});
    expect(stores.banner).toMatch(/^Store: in memory/);
    expect(stores.jobStore).toBeInstanceOf(InMemoryJobStore);
    await stores.close();
  });

  it('prefers --data-dir over DATABASE_URL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'quickstart-'));
    dirs.push(dataDir);
    const stores = await openStores(['--data-dir', dataDir], { DATABASE_URL: 'postgres://127.0.0.1:1/none' });
    expect(stores.banner).toBe(`Store: PGlite (embedded PostgreSQL) in ${dataDir}.`);
    expect(stores.jobStore).toBeInstanceOf(PostgresJobStore);
    await stores.close();
  }, 60_000);

  it('fails with PostgresConnectionError when the server cannot be reached', async () => {
    await expect(openStores([], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' })).rejects.toThrow(
      expect.objectContaining({ code: 'POSTGRES_CONNECTION_ERROR' }),
    );
  });

  it('refuses a DATABASE_SCHEMA that is not an SQL identifier before connecting', async () => {
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test', DATABASE_SCHEMA: 'no-dash' };
    await expect(openStores([], env)).rejects.toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', field: 'options.schema' }),
    );
  });
});
