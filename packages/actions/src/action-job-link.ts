import { type Clock, InvalidTransitionError, NotFoundError, RuntimeTimeoutError } from '@agent-runtime/core';
import { type JobManager, type JobRecord, JobStatus } from '@agent-runtime/jobs';
import type { ActionRecord } from './action-record';
import type { ActionStore } from './action-store';

/**
 * Keeps a job's status in step with its actions: waiting_action while it has a pending action, running
 * again once it has none.
 */
export class ActionJobLink {
  constructor(
    private readonly jobManager: JobManager,
    private readonly store: ActionStore,
    private readonly clock: Clock,
  ) {}

  job(jobId: string): Promise<JobRecord | undefined> {
    return this.jobManager.get(jobId);
  }

  /** The job an action may be required for (running or waiting); refuses any other status. */
  async waitableJob(jobId: string): Promise<JobRecord> {
    const job = await this.jobManager.get(jobId);
    if (!job) throw new NotFoundError({ resource: 'job', id: jobId });
    if (job.status !== JobStatus.RUNNING && job.status !== JobStatus.WAITING_ACTION) {
      throw new InvalidTransitionError({
        entity: 'job',
        id: jobId,
        from: job.status,
        to: JobStatus.WAITING_ACTION,
      });
    }
    return job;
  }

  /** Moves the job to waiting_action; if it cannot (it ended meanwhile), cancels the new action and rethrows. */
  async moveToWaiting(action: ActionRecord): Promise<void> {
    try {
      const job = await this.waitableJob(action.jobId);
      if (job.status === JobStatus.RUNNING) await this.jobManager.waitForAction(action.jobId);
    } catch (error) {
      const current = await this.jobManager.get(action.jobId);
      if (current?.status === JobStatus.WAITING_ACTION) return;
      await this.store.update(action.cancel('job cannot wait for an action', { now: this.clock.now() }));
      throw error;
    }
  }

  /** Moves a waiting job with no pending action left back to running. */
  async resumeIfIdle(jobId: string): Promise<void> {
    if ((await this.store.listPendingForJob(jobId)).length > 0) return;
    const job = await this.jobManager.get(jobId);
    if (job?.status !== JobStatus.WAITING_ACTION) return;
    try {
      await this.jobManager.resume(jobId);
    } catch (error) {
      // another resolver resumed it, or it was cancelled or timed out meanwhile: its state is already right
      if (!InvalidTransitionError.isInstance(error) && !RuntimeTimeoutError.isInstance(error)) throw error;
    }
  }
}
