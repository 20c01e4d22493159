import { ActionType } from '@agent-runtime/actions';
import { serializeError } from '@agent-runtime/core';
import type { ToolGate } from '@agent-runtime/orchestration';
import { PolicyDecision, policyContextFrom } from '@agent-runtime/policy';
import type { KernelServices } from './kernel-services';

/**
 * The kernel's policy gate for tool calls of agents inside an operator: `deny` refuses the call (the model is
 * told), `require_approval` creates an `approval` action on the child job (`waiting_action` until it is
 * resolved) and runs the call only when approved, `warn` and `allow` run it.
 */
export function operatorToolGate({ policy, actions }: Pick<KernelServices, 'policy' | 'actions'>): ToolGate {
  return async (call, next, context) => {
    const ctx = context.executionContext;
    const request = { metadata: { toolCallId: call.toolCallId } };
    const result = await policy.checkTool(call.toolName, policyContextFrom(ctx, request));
    if (result.decision === PolicyDecision.DENY) return { type: 'error', error: result.reason };
    if (result.decision !== PolicyDecision.REQUIRE_APPROVAL) return next();
    if (ctx.jobId === undefined)
      return { type: 'error', error: `${call.toolName} needs approval outside a job` };
    const action = await actions.requireAction({
      jobId: ctx.jobId,
      scopeId: ctx.scopeId,
      type: ActionType.APPROVAL,
      payload: { toolName: call.toolName, input: call.input, reason: result.reason },
      metadata: { toolCallId: call.toolCallId },
    });
    try {
      const resolved = await actions.waitForResolution(action.actionId, { signal: context.signal });
      if (resolved.resolution?.approved === true) return next();
      return { type: 'error', error: `approval rejected for ${call.toolName}` };
    } catch (error) {
      return { type: 'error', error: `approval not given: ${serializeError(error).message}` };
    }
  };
}
