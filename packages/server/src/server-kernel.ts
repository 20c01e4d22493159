import type { ActionRecord } from '@agent-runtime/actions';
import type { ExecutionRequest } from '@agent-runtime/core';
import type { EventLog } from '@agent-runtime/events';
import type { JobFilter, JobRecord, JobStatus } from '@agent-runtime/jobs';
import type { UsageFilter, UsageRecord } from '@agent-runtime/ledger';

/** What the server submits: an `ExecutionRequest` whose scope and principal come from the API key. */
export type ServerJobRequest = ExecutionRequest;

/** The part of `ScopedKernel` (`kernel.forScope(scopeId)`) the server calls. */
export interface ServerScope {
  execute(request: Omit<ServerJobRequest, 'scopeId'>): Promise<{ jobId: string }>;
  getJob(jobId: string): Promise<JobRecord>;
  listJobs(filter?: Omit<JobFilter, 'scopeId'>): Promise<JobRecord[]>;
  cancel(jobId: string, options?: { reason?: string }): Promise<JobRecord>;
  listPendingActions(options?: { jobId?: string }): Promise<ActionRecord[]>;
  resolveAction(
    actionId: string,
    resolution?: Record<string, unknown>,
    options?: { principalId?: string },
  ): Promise<ActionRecord>;
  getUsage(filter?: Omit<UsageFilter, 'scopeId'>): Promise<UsageRecord>;
}

/**
 * The part of `RuntimeKernel` the server calls (structural, so the server does not depend on the kernel
 * package): every tenant route goes through `forScope`; `actions.resolve` serves the resume-token route.
 */
export interface ServerKernel {
  forScope(scopeId: string): ServerScope;
  readonly actions: {
    resolve(request: { resumeToken: string; resolution?: Record<string, unknown> }): Promise<ActionRecord>;
  };
  /** The event log `GET /v1/jobs/:id/events` streams from; without it that route answers 501. */
  readonly eventLog?: EventLog;
  /** Queues a job for workers (`{"mode":"submit"}`); without it that mode answers 501. */
  submit?(request: ServerJobRequest): Promise<{ jobId: string; status: JobStatus }>;
}
