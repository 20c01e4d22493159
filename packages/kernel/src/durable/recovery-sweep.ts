import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionManager, SignalChannel } from '@agent-runtime/actions';
import type { Clock } from '@agent-runtime/core';
import type { JobManager, JobRecord } from '@agent-runtime/jobs';
import { isAbandonedOperatorJob, isOperatorCheckpoint } from '../operator/operator-checkpoint';
import { isKernelCheckpoint } from './kernel-checkpoint';

/**
 * How long a job made `running` again by an action's resolution is left to the kernel that waited for it
 * (it takes the lease back at once when it is alive) before any other kernel resumes it.
 */
export const RESOLUTION_GRACE_MS = 1_000;
const MAX_RECOVERIES_PER_SWEEP = 100;
const MAX_WATCHED_ACTIONS = 1_000;

/** What the sweep needs of its kernel. */
export interface SweepHost {
  readonly jobs: JobManager;
  readonly actions: ActionManager;
  readonly signalChannel: SignalChannel;
  readonly clock: Clock;
  /** How long an operator job may run without a lease before it counts as abandoned (see `isAbandonedOperatorJob`). */
  readonly operatorGraceMs: number;
  /** True while this kernel runs the job. */
  isLocal(jobId: string): boolean;
  /** Takes the job over (claims its lease) and runs it from its checkpoint (ends an abandoned operator run); never rejects. */
  recover(jobId: string): Promise<void>;
}

/**
 * A started kernel's background sweep: times out jobs past their deadline and expires overdue actions,
 * resumes running jobs whose lease lapsed (their kernel died) or that no kernel continued after an action
 * settled (and ends the runs of operator jobs so abandoned, which cannot be resumed), and waits on the signal channel for the pending actions of jobs no kernel here runs, so a
 * resolution made anywhere wakes this kernel without waiting for the next sweep.
 */
export class RecoverySweep {
  private readonly watched = new Map<string, AbortController>();

  constructor(private readonly host: SweepHost) {}

  async run(): Promise<void> {
    await this.host.jobs.expireOverdue().catch(() => {});
    await this.host.actions.expireOverdue().catch(() => {});
    for (const job of await this.host.jobs.listClaimable({ limit: MAX_RECOVERIES_PER_SWEEP }))
      if (this.isRecoverable(job)) await this.host.recover(job.jobId);
    await this.watchPendingActions();
  }

  stop(): void {
    for (const controller of this.watched.values()) controller.abort();
    this.watched.clear();
  }

  private isRecoverable(job: JobRecord): boolean {
    if (this.host.isLocal(job.jobId)) return false;
    if (isOperatorCheckpoint(job.checkpoint))
      return isAbandonedOperatorJob(job, this.host.clock.now(), this.host.operatorGraceMs);
    if (!isKernelCheckpoint(job.checkpoint)) return false;
    return job.leaseOwner !== undefined || this.host.clock.now() - job.updatedAt >= RESOLUTION_GRACE_MS;
  }

  private async watchPendingActions(): Promise<void> {
    const pending = await this.host.actions.listPending();
    for (const action of pending) {
      if (this.watched.size >= MAX_WATCHED_ACTIONS) return;
      if (this.watched.has(action.actionId) || this.host.isLocal(action.jobId)) continue;
      this.watch(action.actionId, action.jobId);
    }
  }

  private watch(actionId: string, jobId: string): void {
    const controller = new AbortController();
    this.watched.set(actionId, controller);
    this.host.signalChannel
      .wait(actionId, { signal: controller.signal })
      .then(async (message) => {
        if (!message) return;
        await sleep(RESOLUTION_GRACE_MS, undefined, { signal: controller.signal, ref: false });
        if (!this.host.isLocal(jobId)) await this.host.recover(jobId);
      })
      .catch(() => {})
      .finally(() => {
        if (this.watched.get(actionId) === controller) this.watched.delete(actionId);
      });
  }
}
