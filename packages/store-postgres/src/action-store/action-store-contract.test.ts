import { describeActionStoreContract } from '@agent-runtime/actions/testing';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresActionStore } from './postgres-action-store';

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
