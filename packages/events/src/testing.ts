export { describeEventLogContract, type EventLogContractOptions } from './event-log-contract';
