import { describeEventLogContract } from './event-log-contract';
import { InMemoryEventLog } from './in-memory-event-log';

describeEventLogContract('InMemoryEventLog', () => new InMemoryEventLog(), {
  withRetention: (options) => new InMemoryEventLog(options),
});
