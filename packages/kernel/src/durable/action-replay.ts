import { ActionStatus } from '@agent-runtime/actions';
import { ActionCancelledError, ActionExpiredError, type ResolvedAction } from '@agent-runtime/core';
import type { Execution } from '../execution/execution';

/**
 * Which action of a tool call this is: `actionKey` numbers the call's requests in order (`tool:0`, …), and an
 * approval is bound to the call's tool name and input hash, so it approves that call only.
 */
export interface ActionBinding {
  readonly toolCallId: string;
  readonly actionKey: string;
  readonly toolName?: string;
  readonly inputHash?: string;
}

/** The metadata an action carries so a resumed run finds it again. */
export function bindingMetadata(binding: ActionBinding): Record<string, string> {
  const { toolCallId, actionKey, toolName, inputHash } = binding;
  return {
    toolCallId,
    actionKey,
    ...(toolName === undefined ? {} : { toolName }),
    ...(inputHash === undefined ? {} : { inputHash }),
  };
}

/**
 * The action this tool call asked for in an earlier run of the job (a run that crashed, or lost its lease),
 * or undefined. A resolved one is returned as is; an expired or cancelled one throws as a wait would.
 * A pending one is returned for the caller to wait on.
 */
export async function recordedAction(
  execution: Execution,
  binding: ActionBinding,
): Promise<ResolvedAction | undefined> {
  const actions = await execution.services.durable.actionStore.list({ jobId: execution.jobId });
  const wanted = bindingMetadata(binding);
  const match = actions
    .filter((action) => Object.entries(wanted).every(([key, value]) => action.metadata[key] === value))
    .at(-1);
  if (!match) return undefined;
  if (match.status === ActionStatus.EXPIRED) throw new ActionExpiredError({ actionId: match.actionId });
  if (match.status === ActionStatus.CANCELLED)
    throw new ActionCancelledError({ actionId: match.actionId, reason: match.cancelReason });
  return match;
}
