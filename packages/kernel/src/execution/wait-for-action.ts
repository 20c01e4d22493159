import { ActionStatus } from '@agent-runtime/actions';
import {
  type AgentToolCall,
  LeaseLostError,
  type ResolvedAction,
  type ToolActionSpec,
} from '@agent-runtime/core';
import { JobStatus } from '@agent-runtime/jobs';
import { type ActionBinding, bindingMetadata, recordedAction } from '../durable/action-replay';
import { reclaimLease } from '../durable/lease';
import { recordToolCall } from '../durable/tool-journal';
import type { Execution } from './execution';

/** An action request of a tool call (or of the policy gate for it), bound so a resumed run finds it again. */
export interface BoundActionSpec extends ToolActionSpec {
  binding?: ActionBinding;
  /** The tool call whose tool awaits the action: marked `parked` in the job's journal while it waits. */
  parkedCall?: AgentToolCall;
}

/**
 * Creates an action for the job (which moves it to `waiting_action`, releasing its lease, and publishes
 * `action.required` with the resume token), waits for its resolution through the signal channel, takes the
 * lease back and returns the resolved action. When the job was resumed, the action this call asked for
 * before is used instead of a new one. If the job stops while waiting, the action is cancelled so no one can
 * resolve it afterwards.
 */
export async function waitForAction(execution: Execution, spec: BoundActionSpec): Promise<ResolvedAction> {
  execution.throwIfStopped();
  const recorded = spec.binding && (await recordedAction(execution, spec.binding));
  if (recorded?.status === ActionStatus.RESOLVED) return recorded;
  if (spec.parkedCall) await recordToolCall(execution, spec.parkedCall, 'parked');
  execution.forgetConfirmedActive();
  const actionId = recorded ? await waitAgain(execution, recorded) : await createAction(execution, spec);
  const resolved = await waitForResolution(execution, actionId, spec.timeoutSeconds);
  if (spec.parkedCall) await recordToolCall(execution, spec.parkedCall, 'running');
  return resolved;
}

async function createAction(execution: Execution, spec: BoundActionSpec): Promise<string> {
  const metadata = spec.binding ? { ...spec.metadata, ...bindingMetadata(spec.binding) } : spec.metadata;
  const action = await execution.services.actions.requireAction({
    jobId: execution.jobId,
    scopeId: execution.ctx.scopeId,
    type: spec.type,
    payload: spec.payload ?? {},
    timeoutSeconds: spec.timeoutSeconds,
    metadata,
  });
  return action.actionId;
}

/** A still pending action of an earlier run: the job waits for it again (holding no lease meanwhile). */
async function waitAgain(execution: Execution, action: ResolvedAction): Promise<string> {
  const job = await execution.services.jobs.get(execution.jobId);
  if (job?.status === JobStatus.RUNNING) await execution.services.jobs.waitForAction(execution.jobId);
  return action.actionId;
}

async function waitForResolution(
  execution: Execution,
  actionId: string,
  timeoutSeconds: number | undefined,
): Promise<ResolvedAction> {
  const { actions } = execution.services;
  execution.waitingForAction = actionId;
  try {
    const resolved = await actions.waitForResolution(actionId, { timeoutSeconds, signal: execution.signal });
    execution.waitingForAction = undefined;
    if (execution.leftWaiting) throw execution.stopReason;
    await reclaimLease(execution);
    return resolved;
  } catch (error) {
    execution.waitingForAction = undefined;
    // left waiting at shutdown: the action stays pending (or resolved) for the kernel that continues the job
    if (execution.leftWaiting) throw execution.stopReason;
    if (execution.signal.aborted) {
      // a job handed back to the queue keeps its action: the kernel that resumes it waits for it again
      if (!LeaseLostError.isInstance(execution.stopReason)) await cancelQuietly(execution, actionId);
      // the job is running again without a lease: take it back so the run can end it
      await reclaimLease(execution).catch(() => {});
    } else await reclaimLease(execution);
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
