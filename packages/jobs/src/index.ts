export {
  type ArtifactInput,
  type ArtifactPatch,
  type ArtifactRecord,
  artifactInputSchema,
  artifactPatchSchema,
  artifactRecord,
  artifactRecordSchema,
} from './artifact-record';
export type { ArtifactStore } from './artifact-store';
export { IdempotencyConflictError } from './idempotency-conflict-error';
export { InMemoryArtifactStore } from './in-memory-artifact-store';
export { InMemoryJobQueue } from './in-memory-job-queue';
export { InMemoryJobStore, type InMemoryJobStoreOptions } from './in-memory-job-store';
export { compareJobPosition, decodeJobCursor, encodeJobCursor, type JobCursor } from './job-cursor';
export { filterStatuses, type JobFilter, jobFilterSchema, parseJobFilter } from './job-filter';
export {
  type CreatedJob,
  type JobCancelOptions,
  type JobCheckpointOptions,
  type JobCompleteOptions,
  type JobEventWriter,
  JobManager,
  type JobManagerOptions,
  type JobScopeOptions,
  type JobStartOptions,
} from './job-manager';
export * from './job-queue';
export { type JobError, JobRecord, type JobRecordInit, type JobRecordJSON } from './job-record';
export { type JobSpec, jobSpecSchema } from './job-spec';
export { isActiveStatus, isJobStatus, isTerminalStatus, JOB_STATUSES, JobStatus } from './job-status';
export {
  type JobLease,
  type JobStore,
  type JobStoreWithEvents,
  type JobUpdateOptions,
  type JobWithEvents,
  writesEventsTo,
} from './job-store';
export { isAllowedTransition, JOB_TRANSITIONS } from './job-transitions';
export { FinishedRecords, type FinishedRecordsOptions } from './retention/finished-records';
export { type JobRetention, jobRetentionSchema } from './retention/job-retention';
export { matchesJobFilter, selectJobs } from './select-jobs';
