import { describeEventLogContract } from '@agent-runtime/events/testing';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresEventLog } from './postgres-event-log';

for (const backend of useBackends()) {
  const options = () => ({ schema: backend.schema, tableName: uniqueName('events') });
  describeEventLogContract(
    `PostgresEventLog (${backend.name})`,
    async () => new PostgresEventLog(await backend.handle(), options()),
    {
      peer: async (log) =>
        new PostgresEventLog(await backend.handle(), {
          schema: backend.schema,
          tableName: (log as PostgresEventLog).table.tableName,
          pollIntervalMs: 60_000,
        }),
      withRetention: async (retention) =>
        new PostgresEventLog(await backend.handle(), { ...options(), ...retention }),
    },
  );
}
