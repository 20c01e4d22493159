export { describeArtifactStoreContract } from './artifact-store-contract';
export { describeJobQueueContract, type JobQueueUnderTest } from './job-queue-contract';
export { describeJobStoreContract } from './job-store-contract';
