import { InMemoryJobStore } from './in-memory-job-store';
import { describeJobStoreContract } from './testing';

describeJobStoreContract('InMemoryJobStore', () => new InMemoryJobStore());
