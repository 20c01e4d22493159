export {
  describeEntryPointFuzz,
  type EntryPointFuzzOptions,
} from './testing/entry-point-fuzz/describe-entry-point-fuzz';
export type { FuzzedStores } from './testing/entry-point-fuzz/entry-points';
export { oneStepDriver } from './testing/one-step-driver';
