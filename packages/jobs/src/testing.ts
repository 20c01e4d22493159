export { describeJobStoreContract } from './job-store-contract';
