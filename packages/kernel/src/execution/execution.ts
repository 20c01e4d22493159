import {
  CancelledError,
  type ExecutionContext,
  LeaseLostError,
  RuntimeEvent,
  type RuntimeEventDataMap,
  type RuntimeEventType,
  type RuntimeTool,
} from '@agent-runtime/core';
import { type JobRecord, JobStatus } from '@agent-runtime/jobs';
import type { Reservation } from '@agent-runtime/ledger';
import type { KernelCheckpoint } from '../durable/kernel-checkpoint';
import type { KernelServices } from '../kernel-services';
import { KernelShutdownError } from '../kernel-shutdown-error';
import { EventBuffer } from './event-buffer';
import type { ExecutionArtifact } from './execution-result';
import { UsageTally } from './usage-tally';

/**
 * The live state of one job run by this kernel: its context (with the cancellation token that aborts the
 * model stream and running tools), its event buffer, and the counters the step guard and tool gate check.
 * The durable part of that state lives in the job store (record + checkpoint, of which `checkpoint` is the
 * copy this run last wrote), not here.
 */
export class Execution {
  readonly buffer = new EventBuffer();
  readonly artifacts: ExecutionArtifact[] = [];
  readonly startedAt: number;
  /** The job's usage without a ledger read, for its `final.result`. */
  readonly usage = new UsageTally();
  turns = 0;
  currentStep = 0;
  toolCallsThisStep = 0;
  degraded = false;
  modelChecked = false;
  stepReservation: Reservation | undefined;
  checkpoint: KernelCheckpoint;
  /** The action the run waits for now (its job is `waiting_action` and holds no lease). */
  waitingForAction: string | undefined;
  private stopError: unknown;
  private confirmedActive = false;
  private readonly released = new AbortController();

  constructor(
    readonly services: KernelServices,
    readonly ctx: ExecutionContext,
    readonly jobId: string,
    /** The tools of the current step (re-collected before each step when `collectTools` is given). */
    public tools: ReadonlyMap<string, RuntimeTool>,
    from: { checkpoint: KernelCheckpoint; turns?: number; startedAt?: number },
    readonly collectTools?: () => ReadonlyMap<string, RuntimeTool>,
  ) {
    this.startedAt = from.startedAt ?? services.clock.now();
    this.checkpoint = from.checkpoint;
    this.turns = from.turns ?? 0;
  }

  get signal(): AbortSignal {
    return this.ctx.cancellation.signal;
  }

  /**
   * Aborted (with the LeaseLostError) once the job is no longer this run's: another kernel holds its lease, or
   * a worker handed it back. From then on the run writes nothing, not even its end.
   */
  get leaseLost(): AbortSignal {
    return this.released.signal;
  }

  /** Ends the run with `error` (the first reason wins): aborts the model stream and every running tool. */
  stop(error: unknown): void {
    if (this.stopError === undefined) this.stopError = error;
    if (LeaseLostError.isInstance(error)) this.released.abort(error);
    this.ctx.cancellation.cancel(error instanceof Error ? error.message : String(error));
  }

  cancel(reason = 'cancelled'): void {
    this.stop(new CancelledError({ reason }));
  }

  /**
   * At shutdown, stops a run that waits for an action without ending its job or withdrawing the action: the
   * job stays `waiting_action`, and a started kernel continues it once the action is resolved. False when the
   * run does not wait.
   */
  leaveWaiting(): boolean {
    if (this.waitingForAction === undefined) return false;
    const message = `the kernel shut down while job ${this.jobId} waited for action ${this.waitingForAction}; the job stays waiting_action and any started kernel continues it after the resolution`;
    this.stop(new KernelShutdownError(message));
    return true;
  }

  /** True once `leaveWaiting()` stopped the run: it writes nothing more for the job. */
  get leftWaiting(): boolean {
    return KernelShutdownError.isInstance(this.stopError);
  }

  /** Why the run was stopped, or undefined while it may go on. */
  get stopReason(): unknown {
    if (this.stopError !== undefined) return this.stopError;
    return this.signal.aborted ? new CancelledError({ reason: 'cancelled' }) : undefined;
  }

  /**
   * After a write of this run: when `job`, as the store took it, is running under this kernel's lease, the next
   * liveness check may skip its read (that write's compare-and-set just proved what the read would).
   */
  confirmActive(job: JobRecord | undefined): void {
    this.confirmedActive =
      job?.status === JobStatus.RUNNING && job.leaseOwner === this.services.durable.workerId;
  }

  /** The job may have changed hands since (it waits for an action): the next liveness check reads it. */
  forgetConfirmedActive(): void {
    this.confirmedActive = false;
  }

  /** True once after `confirmActive` with a running, leased job: the caller skips one liveness read. */
  takeConfirmedActive(): boolean {
    const confirmed = this.confirmedActive;
    this.confirmedActive = false;
    return confirmed;
  }

  throwIfStopped(): void {
    const reason = this.stopReason;
    if (reason !== undefined) throw reason;
  }

  /** Stops the run with `error` and returns it, for `throw execution.fail(error)`. */
  fail(error: unknown): unknown {
    this.stop(error);
    return error;
  }

  elapsedMs(): number {
    return this.services.clock.now() - this.startedAt;
  }

  async publish<T extends RuntimeEventType>(type: T, data: RuntimeEventDataMap[T]): Promise<void> {
    await this.services.events.publish(this.event(type, data));
  }

  /** An event of this job, stamped now: to publish, or to store with a job write. */
  event<T extends RuntimeEventType>(type: T, data: RuntimeEventDataMap[T]): RuntimeEvent<T> {
    return RuntimeEvent.fromContext(this.ctx, type, data, { timestamp: this.services.clock.now() });
  }
}
