import { describeBudgetStoreContract } from '@agent-runtime/ledger/testing';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresBudgetStore } from './postgres-budget-store';

for (const backend of useBackends()) {
  describeBudgetStoreContract(`PostgresBudgetStore (${backend.name})`, async () => {
    const options = { schema: backend.schema, tableName: uniqueName('budgets') };
    const handle = await backend.handle();
    return [new PostgresBudgetStore(handle, options), new PostgresBudgetStore(handle, options)];
  });
}
