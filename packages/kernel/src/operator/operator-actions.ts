import {
  CancelledError,
  type ExecutionContext,
  type ResolvedAction,
  type ToolActionSpec,
} from '@agent-runtime/core';
import { OperatorRun } from './operator-run';

/**
 * Asks a human for an action on the job of `ctx` inside an operator run, as a tool of a job does: the action is
 * created (the job moves to `waiting_action` and `action.required` carries the resume token), every job above
 * it up to the run's root waits too, and the resolution arrives through the signal channel. Afterwards each job
 * runs again and takes its lease back. When `signal` aborts (cancel, timeout) the action is cancelled, so
 * nobody can resolve it later. Throws ActionExpiredError / ActionCancelledError when it is not resolved.
 */
export async function awaitAction(
  run: OperatorRun,
  ctx: ExecutionContext,
  spec: ToolActionSpec,
  signal: AbortSignal,
): Promise<ResolvedAction> {
  if (signal.aborted) throw new CancelledError({ reason: String(signal.reason ?? 'cancelled') });
  const { actions } = run.services;
  const jobId = OperatorRun.jobOf(ctx);
  // the ancestors wait first, so whoever sees `action.required` sees the whole run waiting
  const leave = await run.waits.enter(jobId);
  let actionId: string | undefined;
  try {
    const action = await actions.requireAction({
      jobId,
      scopeId: ctx.scopeId,
      type: spec.type,
      payload: spec.payload ?? {},
      timeoutSeconds: spec.timeoutSeconds,
      metadata: spec.metadata,
    });
    actionId = action.actionId;
    return await actions.waitForResolution(actionId, { timeoutSeconds: spec.timeoutSeconds, signal });
  } catch (error) {
    if (signal.aborted && actionId !== undefined) await cancelQuietly(run, actionId);
    throw error;
  } finally {
    await run.leases.reclaim(jobId);
    await leave();
  }
}

async function cancelQuietly(run: OperatorRun, actionId: string): Promise<void> {
  try {
    await run.services.actions.cancel(actionId, { reason: 'job stopped' });
  } catch {
    // already resolved, expired or cancelled: nothing left to withdraw
  }
}
