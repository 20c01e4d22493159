export { describeActionStoreContract } from './action-store-contract';
