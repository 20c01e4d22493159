import { type Column, column } from './columns';

/** The jobs table's columns, in JobRecordJSON field order. */
export const JOB_COLUMNS: readonly Column[] = [
  column('jobId'),
  column('scopeId'),
  column('principalId'),
  column('sessionId'),
  column('runId'),
  column('traceId'),
  column('parentJobId'),
  column('idempotencyKey'),
  column('status'),
  column('progress', 'number'),
  column('turn', 'number'),
  column('deadline', 'number'),
  column('budgets', 'json'),
  column('policyRef', 'json'),
  column('metadata', 'json'),
  column('tags', 'json'),
  column('resultRef'),
  column('error', 'json'),
  column('checkpoint', 'json'),
  column('createdAt', 'number'),
  column('updatedAt', 'number'),
  column('startedAt', 'number'),
  column('finishedAt', 'number'),
  column('version', 'number'),
];
