export { describeArtifactStoreContract } from './artifact-store-contract';
export { describeJobStoreContract } from './job-store-contract';
