import { describeLedgerWriterContract } from '@agent-runtime/ledger/testing';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresLedgerWriter } from './postgres-ledger-writer';

for (const backend of useBackends()) {
  describeLedgerWriterContract(
    `PostgresLedgerWriter (${backend.name})`,
    async () =>
      new PostgresLedgerWriter(await backend.handle(), {
        schema: backend.schema,
        tableName: uniqueName('ledger'),
      }),
  );
}
