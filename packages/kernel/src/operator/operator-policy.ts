import { ActionType } from '@agent-runtime/actions';
import { PolicyDenied, serializeError } from '@agent-runtime/core';
import type { OperatorContext } from '@agent-runtime/orchestration';
import { PolicyDecision, type PolicyResult } from '@agent-runtime/policy';
import { awaitAction } from './operator-actions';
import type { OperatorRun } from './operator-run';

/**
 * Applies a policy result to a model step of an agent inside an operator job: `allow` and `warn` pass, `deny`
 * throws PolicyDenied, `require_approval` asks for an `approval` on the agent's job and passes only when it is
 * approved.
 */
export async function enforcePolicy(
  run: OperatorRun,
  context: OperatorContext,
  result: PolicyResult,
  payload: Record<string, unknown>,
): Promise<void> {
  if (result.decision === PolicyDecision.ALLOW || result.decision === PolicyDecision.WARN) return;
  if (result.decision !== PolicyDecision.REQUIRE_APPROVAL)
    throw new PolicyDenied({ reason: result.reason, violations: result.violations });
  let approved: boolean;
  try {
    const action = await awaitAction(
      run,
      context.executionContext,
      { type: ActionType.APPROVAL, payload: { ...payload, reason: result.reason } },
      context.signal,
    );
    approved = action.resolution?.approved === true;
  } catch (error) {
    if (context.signal.aborted) throw error;
    throw new PolicyDenied({ reason: `approval not given: ${serializeError(error).message}` });
  }
  if (!approved) throw new PolicyDenied({ reason: 'approval rejected', violations: result.violations });
}
