import {
  type BudgetSpec,
  budgetSpecToJSON,
  type ExecutionContext,
  InvalidTransitionError,
} from '@agent-runtime/core';
import type { JobManager } from '@agent-runtime/jobs';
import type { OperatorIdentity } from './operator-identity';

/** The part of the jobs package's JobManager that orchestration uses; a JobManager fits. */
export type ChildJobManager = Pick<
  JobManager,
  'create' | 'start' | 'complete' | 'fail' | 'cancel' | 'timeOut'
>;

export type ChildJobEnding =
  | { status: 'succeeded' }
  | { status: 'failed'; message: string; errorCode?: string }
  | { status: 'cancelled'; reason?: string }
  | { status: 'timed_out'; reason: string };

/** A child run's job: created under the parent job, started, and ended exactly once. */
export class ChildJob {
  private ending?: Promise<void>;

  private constructor(
    private readonly manager: ChildJobManager,
    readonly jobId: string,
  ) {}

  static async open(
    manager: ChildJobManager,
    parentJobId: string,
    context: ExecutionContext,
    {
      operator,
      budgets,
      depth,
      timeoutSeconds,
    }: { operator: OperatorIdentity; budgets: BudgetSpec; depth: number; timeoutSeconds: number },
  ): Promise<ChildJob> {
    const job = await manager.create({
      scopeId: context.scopeId,
      ...(context.principalId !== undefined && { principalId: context.principalId }),
      ...(context.sessionId !== undefined && { sessionId: context.sessionId }),
      ...(context.policyRef !== undefined && { policyRef: context.policyRef }),
      runId: context.runId,
      traceId: context.traceId,
      parentJobId,
      timeoutSeconds,
      budgets: budgetSpecToJSON(budgets),
      metadata: { operatorName: operator.name, role: operator.role, depth },
      tags: { operator: operator.name },
    });
    await manager.start(job.jobId);
    return new ChildJob(manager, job.jobId);
  }

  /** Moves the job to its terminal status; later calls return the first call's promise. */
  end(ending: ChildJobEnding): Promise<void> {
    this.ending ??= this.apply(ending).catch((error: unknown) => {
      // Someone else (the kernel, a sweeper) already ended it: its status stands.
      if (!InvalidTransitionError.isInstance(error)) throw error;
    });
    return this.ending;
  }

  private async apply(ending: ChildJobEnding): Promise<void> {
    switch (ending.status) {
      case 'succeeded':
        await this.manager.complete(this.jobId);
        return;
      case 'failed':
        await this.manager.fail(this.jobId, ending.message, { errorCode: ending.errorCode });
        return;
      case 'cancelled':
        await this.manager.cancel(this.jobId, { reason: ending.reason });
        return;
      case 'timed_out':
        await this.manager.timeOut(this.jobId, { reason: ending.reason });
    }
  }
}
