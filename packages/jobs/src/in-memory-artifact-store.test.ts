import { describeArtifactStoreContract } from './artifact-store-contract';
import { InMemoryArtifactStore } from './in-memory-artifact-store';

describeArtifactStoreContract('InMemoryArtifactStore', () => new InMemoryArtifactStore());
