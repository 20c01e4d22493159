export { describeBudgetStoreContract } from './budget-store-contract';
export { describeLedgerWriterContract } from './ledger-writer-contract';
