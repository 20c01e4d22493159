import { describeLedgerWriterContract } from '@agent-runtime/ledger/testing';
import { PostgresLedgerWriter } from './postgres-ledger-writer';
import { uniqueName, useBackends } from './test-databases';

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
