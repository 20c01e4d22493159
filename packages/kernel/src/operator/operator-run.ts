import { type CancellationToken, type ExecutionContext, InternalError } from '@agent-runtime/core';
import type { OperatorContext } from '@agent-runtime/orchestration';
import type { ExecutionArtifact } from '../execution/execution-result';
import type { KernelServices } from '../kernel-services';
import { AncestorWaits } from './ancestor-waits';
import { OperatorLeases } from './operator-leases';

/**
 * The live state of one operator job run by this kernel: its root job and cancellation, the leases of its jobs,
 * the ancestors waiting with a child, the artifacts its tools made, and the root OperatorContext (whose usage
 * is the whole run's so far).
 */
export class OperatorRun {
  readonly artifacts: ExecutionArtifact[] = [];
  readonly leases: OperatorLeases;
  readonly waits: AncestorWaits;
  /** Set once the run's root OperatorContext exists. */
  root: OperatorContext | undefined;
  /** Settles once the run ended its job (what a kernel's shutdown waits for). */
  ended: Promise<unknown> = Promise.resolve();

  constructor(
    readonly services: KernelServices,
    readonly jobId: string,
    readonly cancellation: CancellationToken,
  ) {
    this.leases = new OperatorLeases(services.jobs, jobId, services.durable.leaseSeconds);
    this.waits = new AncestorWaits(services.jobs, jobId, this.leases);
  }

  /** The heartbeat: renews the run's leases; stops the run when its job was ended elsewhere. */
  async renewLeases(): Promise<void> {
    const ended = await this.leases.renew();
    if (ended) this.cancellation.cancel(`job was ended elsewhere (${ended.status})`);
  }

  /** The job a context of this run belongs to (every context under the kernel has one). */
  static jobOf(ctx: ExecutionContext): string {
    if (ctx.jobId === undefined)
      throw new InternalError({ message: 'an operator context of the kernel always has a job' });
    return ctx.jobId;
  }
}
