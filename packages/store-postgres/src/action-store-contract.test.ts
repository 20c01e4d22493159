import { describeActionStoreContract } from '@agent-runtime/actions/testing';
import { PostgresActionStore } from './postgres-action-store';
import { uniqueName, useBackends } from './test-databases';

for (const backend of useBackends()) {
  describeActionStoreContract(
    `PostgresActionStore (${backend.name})`,
    async () =>
      new PostgresActionStore(await backend.handle(), {
        schema: backend.schema,
        tableName: uniqueName('actions'),
      }),
  );
}
