import type { ResolvedAction, ToolActionSpec } from '@agent-runtime/core';
import type { Execution } from './execution';

/**
 * Creates an action for the job (which moves it to `waiting_action` and publishes `action.required` with the
 * resume token), waits for its resolution through the signal channel and returns the resolved action.
 * If the job stops while waiting, the action is cancelled so no one can resolve it afterwards.
 */
export async function waitForAction(
  execution: Execution,
  spec: ToolActionSpec & { toolCallId?: string },
): Promise<ResolvedAction> {
  const { actions } = execution.services;
  execution.throwIfStopped();
  const metadata = spec.toolCallId ? { ...spec.metadata, toolCallId: spec.toolCallId } : spec.metadata;
  const action = await actions.requireAction({
    jobId: execution.jobId,
    scopeId: execution.ctx.scopeId,
    type: spec.type,
    payload: spec.payload ?? {},
    timeoutSeconds: spec.timeoutSeconds,
    metadata,
  });
  try {
    return await actions.waitForResolution(action.actionId, {
      timeoutSeconds: spec.timeoutSeconds,
      signal: execution.signal,
    });
  } catch (error) {
    if (execution.signal.aborted) await cancelQuietly(execution, action.actionId);
    throw execution.stopReason ?? error;
  }
}

async function cancelQuietly(execution: Execution, actionId: string): Promise<void> {
  try {
    await execution.services.actions.cancel(actionId, { reason: 'job stopped' });
  } catch {
    // already resolved, expired or cancelled: nothing left to withdraw
  }
}
