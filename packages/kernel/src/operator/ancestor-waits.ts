import { InvalidTransitionError, RuntimeTimeoutError } from '@agent-runtime/core';
import type { JobManager } from '@agent-runtime/jobs';
import type { OperatorLeases } from './operator-leases';

/** Deeper than any `maxDepth` a config allows: a bound on the walk up the job tree. */
const MAX_ANCESTORS = 64;

/**
 * While a job of an operator run waits for an action, every job above it up to the run's root waits too: the
 * first waiter below moves an ancestor to `waiting_action`, the last one to leave moves it back to `running`
 * (taking its lease back). Transitions are made one at a time, in order.
 */
export class AncestorWaits {
  private readonly waiters = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly jobs: JobManager,
    private readonly rootJobId: string,
    private readonly leases: OperatorLeases,
  ) {}

  /** `jobId` waits for an action now: its ancestors wait with it. Returns what to call once it stops waiting. */
  async enter(jobId: string): Promise<() => Promise<void>> {
    const ancestors = await this.ancestorsOf(jobId);
    await this.serially(async () => {
      for (const id of ancestors) if (this.count(id, +1) === 1) await settled(this.jobs.waitForAction(id));
    });
    let left = false;
    return async () => {
      if (left) return;
      left = true;
      await this.serially(async () => {
        for (const id of ancestors.toReversed()) {
          if (this.count(id, -1) > 0) continue;
          await settled(this.jobs.resume(id));
          await this.leases.reclaim(id);
        }
      });
    };
  }

  private count(jobId: string, delta: number): number {
    const next = (this.waiters.get(jobId) ?? 0) + delta;
    if (next === 0) this.waiters.delete(jobId);
    else this.waiters.set(jobId, next);
    return next;
  }

  private async ancestorsOf(jobId: string): Promise<string[]> {
    const ancestors: string[] = [];
    let current = jobId;
    while (current !== this.rootJobId && ancestors.length < MAX_ANCESTORS) {
      const parent = (await this.jobs.get(current))?.parentJobId;
      if (parent === undefined) break;
      ancestors.push(parent);
      current = parent;
    }
    return ancestors;
  }

  private serially(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => {});
    return next;
  }
}

/** A transition that no longer applies (the job ended, or is already there) changes nothing. */
async function settled(transition: Promise<unknown>): Promise<void> {
  try {
    await transition;
  } catch (error) {
    if (!InvalidTransitionError.isInstance(error) && !RuntimeTimeoutError.isInstance(error)) throw error;
  }
}
