import { describeArtifactStoreContract } from '@agent-runtime/jobs/testing';
import { PostgresArtifactStore } from './postgres-artifact-store';
import { uniqueName, useBackends } from './test-databases';

for (const backend of useBackends()) {
  describeArtifactStoreContract(
    `PostgresArtifactStore (${backend.name})`,
    async () =>
      new PostgresArtifactStore(await backend.handle(), {
        schema: backend.schema,
        tableName: uniqueName('artifacts'),
      }),
  );
}
