import type { ActionRecord } from '@agent-runtime/actions';
import { type ExecutionRequest, NotFoundError, parseInput, ValidationError } from '@agent-runtime/core';
import type { JobFilter, JobRecord } from '@agent-runtime/jobs';
import type { UsageFilter, UsageRecord } from '@agent-runtime/ledger';
import { z } from 'zod';
import type { ExecutionHandle } from './execution/execution-handle';
import type { ScopableKernel } from './scopable-kernel';

/** A request run through a ScopedKernel: the scope comes from the view (a different one is refused). */
export type ScopedExecutionRequest = Omit<ExecutionRequest, 'scopeId'> & { scopeId?: string };

const scopeIdSchema = z.string().min(1);

/**
 * One tenant's view of a kernel (`kernel.forScope(scopeId)`), the one every multi-tenant surface goes
 * through. Every method sees only that scope's jobs, actions and usage: another scope's id is a
 * NotFoundError, exactly like an id that does not exist, and changes nothing. Lists return arrays.
 */
export class ScopedKernel {
  readonly scopeId: string;

  constructor(
    private readonly kernel: ScopableKernel,
    scopeId: string,
  ) {
    this.scopeId = parseInput(scopeIdSchema, scopeId, 'scopeId');
  }

  /** `kernel.execute` in this scope; a request naming another scope is a ValidationError (no job is created). */
  execute(request: ScopedExecutionRequest): Promise<ExecutionHandle> {
    const scopeId = (request as { scopeId?: unknown } | undefined)?.scopeId;
    if (scopeId !== undefined && scopeId !== this.scopeId) {
      const message = `request.scopeId: must be ${this.scopeId} (the scope of this view) or absent`;
      return Promise.reject(new ValidationError({ field: 'request.scopeId', message }));
    }
    return this.kernel.execute({ ...request, scopeId: this.scopeId });
  }

  /** The job as stored now; NotFoundError when it is absent or of another scope. */
  async getJob(jobId: string): Promise<JobRecord> {
    const job = await this.kernel.jobs.get(jobId, { scopeId: this.scopeId });
    if (!job) throw new NotFoundError({ resource: 'job', id: jobId });
    return job;
  }

  /**
   * `kernel.attach` for a job of this scope (NotFoundError for another scope's, before anything is read of
   * it). Its `events()` carry no resume tokens, even when it shares the live buffer of a job this kernel
   * runs: a tenant resolves actions with `resolveAction`, by id.
   */
  async attach(jobId: string): Promise<ExecutionHandle> {
    await this.getJob(jobId);
    return (await this.kernel.attach(jobId)).withoutSecrets();
  }

  /** This scope's jobs matching `filter` (ordered and paged as `JobFilter` says). */
  listJobs(filter: Omit<JobFilter, 'scopeId'> = {}): Promise<JobRecord[]> {
    return this.kernel.jobs.list(filter, { scopeId: this.scopeId });
  }

  /**
   * Cancels the job (wherever it runs: the kernel running it stops on the `job.cancelled` event). An ended
   * job is an InvalidTransitionError; another scope's a NotFoundError.
   */
  cancel(jobId: string, { reason }: { reason?: string } = {}): Promise<JobRecord> {
    return this.kernel.jobs.cancel(jobId, { scopeId: this.scopeId, reason });
  }

  /** This scope's pending actions, of one job or all, oldest first. */
  listPendingActions({ jobId }: { jobId?: string } = {}): Promise<ActionRecord[]> {
    return this.kernel.actions.listPending({ jobId, scopeId: this.scopeId });
  }

  cancelAction(actionId: string, { reason }: { reason?: string } = {}): Promise<ActionRecord> {
    return this.kernel.actions.cancel(actionId, { scopeId: this.scopeId, reason });
  }

  /**
   * Resolves the action by id, without its resume token: the trusted path for an approver the caller has
   * authenticated (`principalId`, carried by `action.resolved` as `resolvedBy`). Already resolved →
   * ResumeTokenUsedError; expired → ActionExpiredError; cancelled → ActionCancelledError.
   */
  resolveAction(
    actionId: string,
    resolution: Record<string, unknown> = {},
    { principalId }: { principalId?: string } = {},
  ): Promise<ActionRecord> {
    return this.kernel.actions.resolveAction(actionId, { scopeId: this.scopeId, resolution, principalId });
  }

  /** This scope's recorded usage; with `jobId`, that job's (NotFoundError when it is not in this scope). */
  async getUsage(filter: Omit<UsageFilter, 'scopeId'> = {}): Promise<UsageRecord> {
    const jobId = (filter as { jobId?: unknown } | undefined)?.jobId;
    if (typeof jobId === 'string') await this.getJob(jobId);
    return this.kernel.ledger.getUsage(filter, { scopeId: this.scopeId });
  }
}
