import { describeArtifactStoreContract } from '@agent-runtime/jobs/testing';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresArtifactStore } from './postgres-artifact-store';

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
