import { describeJobStoreContract } from '@agent-runtime/jobs/testing';
import { PostgresJobStore } from './postgres-job-store';
import { uniqueName, useBackends } from './test-databases';

for (const backend of useBackends()) {
  describeJobStoreContract(
    `PostgresJobStore (${backend.name})`,
    async () =>
      new PostgresJobStore(await backend.handle(), { schema: backend.schema, tableName: uniqueName('jobs') }),
  );
}
