import { describeJobStoreContract } from '@agent-runtime/jobs/testing';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresJobStore } from './postgres-job-store';

for (const backend of useBackends()) {
  describeJobStoreContract(
    `PostgresJobStore (${backend.name})`,
    async () =>
      new PostgresJobStore(await backend.handle(), { schema: backend.schema, tableName: uniqueName('jobs') }),
  );
}
