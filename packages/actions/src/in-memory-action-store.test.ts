import { InMemoryActionStore } from './in-memory-action-store';
import { describeActionStoreContract } from './testing';

describeActionStoreContract('InMemoryActionStore', () => new InMemoryActionStore());
