import { describeJobStoreContract } from '@agent-runtime/jobs/testing';
import { afterAll } from 'vitest';
import { PostgresJobStore } from './postgres-job-store';
import { pgliteBackend, postgresBackend, uniqueName } from './test-databases';

const postgres = postgresBackend();
const pglite = pgliteBackend();
afterAll(() => Promise.all([postgres.close(), pglite.close()]));

for (const backend of [postgres, pglite]) {
  describeJobStoreContract(
    `PostgresJobStore (${backend.name})`,
    async () =>
      new PostgresJobStore(await backend.handle(), { schema: backend.schema, tableName: uniqueName('jobs') }),
  );
}
