import type { ActionRecord } from '@agent-runtime/actions';
import type { JobRecord } from '@agent-runtime/jobs';
import type { UsageRecord } from '@agent-runtime/ledger';

/** A job as the API shows it: the record without the agent's internal checkpoint. */
export function jobView(job: JobRecord): Record<string, unknown> {
  const { checkpoint: _checkpoint, ...view } = job.toJSON();
  return view;
}

/** An action as the API shows it: never its resume token, nor the token's hash. */
export function actionView(action: ActionRecord): Record<string, unknown> {
  const { resumeTokenHash: _hash, ...view } = action.toJSON();
  return view;
}

export function usageView(usage: UsageRecord): Record<string, unknown> {
  return { ...usage, cost: usage.cost.toString() };
}
