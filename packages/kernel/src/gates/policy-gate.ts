import { ActionType } from '@agent-runtime/actions';
import {
  ActionCancelledError,
  ActionExpiredError,
  type AgentToolCall,
  PolicyDenied,
  type ResolvedAction,
  stableHash,
} from '@agent-runtime/core';
import { PolicyDecision, type PolicyResult } from '@agent-runtime/policy';
import type { Execution } from '../execution/execution';
import { waitForAction } from '../execution/wait-for-action';

/** What a policy decision is about: a tool call (an approval is bound to it), or a model. */
export interface PolicySubject {
  call?: AgentToolCall;
  payload: Record<string, unknown>;
}

/** What a policy result means for the call it was asked about. */
export type PolicyVerdict = { allowed: true; warning?: string } | { allowed: false; error: PolicyDenied };

/**
 * Applies a policy result: `allow` passes, `warn` passes with the reason, `deny` refuses, and
 * `require_approval` creates an `approval` action, waits for it and passes only when it is approved. The
 * approval of a tool call records the call's id, tool name and input hash, and approves that call only.
 */
export async function applyPolicy(
  execution: Execution,
  result: PolicyResult,
  subject: PolicySubject,
): Promise<PolicyVerdict> {
  switch (result.decision) {
    case PolicyDecision.ALLOW:
      return { allowed: true };
    case PolicyDecision.WARN:
      return { allowed: true, warning: result.reason };
    case PolicyDecision.REQUIRE_APPROVAL:
      return approve(execution, result, subject);
    default:
      return { allowed: false, error: denied(result) };
  }
}

async function approve(
  execution: Execution,
  result: PolicyResult,
  subject: PolicySubject,
): Promise<PolicyVerdict> {
  const { call } = subject;
  let action: ResolvedAction;
  try {
    action = await waitForAction(execution, {
      type: ActionType.APPROVAL,
      payload: { ...subject.payload, reason: result.reason },
      ...(call && {
        binding: {
          toolCallId: call.toolCallId,
          actionKey: 'approval',
          toolName: call.toolName,
          inputHash: stableHash(call.input),
        },
      }),
    });
  } catch (error) {
    if (!ActionExpiredError.isInstance(error) && !ActionCancelledError.isInstance(error)) throw error;
    return { allowed: false, error: new PolicyDenied({ reason: `approval not given: ${error.message}` }) };
  }
  if (action.resolution?.approved === true) return { allowed: true };
  const reason = typeof action.resolution?.reason === 'string' ? `: ${action.resolution.reason}` : '';
  return {
    allowed: false,
    error: new PolicyDenied({ reason: `approval rejected${reason}`, violations: result.violations }),
  };
}

function denied(result: PolicyResult): PolicyDenied {
  return new PolicyDenied({ reason: result.reason, violations: result.violations });
}
