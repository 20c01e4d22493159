import { InMemoryBudgetStore } from './in-memory-budget-store';
import { describeBudgetStoreContract } from './testing';

describeBudgetStoreContract('InMemoryBudgetStore (one instance)', () => {
  const store = new InMemoryBudgetStore();
  return [store, store];
});
