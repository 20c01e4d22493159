import { describeActionStoreContract } from '@agent-runtime/actions/testing';
import { afterAll } from 'vitest';
import { PostgresActionStore } from './postgres-action-store';
import { pgliteBackend, postgresBackend, uniqueName } from './test-databases';

const postgres = postgresBackend();
const pglite = pgliteBackend();
afterAll(() => Promise.all([postgres.close(), pglite.close()]));

for (const backend of [postgres, pglite]) {
  describeActionStoreContract(
    `PostgresActionStore (${backend.name})`,
    async () =>
      new PostgresActionStore(await backend.handle(), {
        schema: backend.schema,
        tableName: uniqueName('actions'),
      }),
  );
}
