import { ActionType } from '@agent-runtime/actions';
import {
  type AgentToolCall,
  PolicyDenied,
  serializeError,
  stableHash,
  type ToolOutcome,
} from '@agent-runtime/core';
import type { OperatorContext, ToolGate, ToolTurn } from '@agent-runtime/orchestration';
import { PolicyDecision, policyContextFrom } from '@agent-runtime/policy';
import { awaitAction } from './operator-actions';
import { enforcePolicy } from './operator-policy';
import type { OperatorRun } from './operator-run';

/**
 * The kernel's gate for each tool call of an agent inside an operator job, as for a job's own tools: the
 * constraint rules for the turn's batch (`maxToolCallsPerTurn`), then the tool rules: `deny`
 * refuses the call (the model is told why), `require_approval` asks for an `approval`
 * on the agent's job (it and every job above it `waiting_action` until resolved) and runs the call only when
 * approved; the call is reserved against the ledger's tool-call limits and recorded there.
 */
export function operatorToolGate(run: OperatorRun): ToolGate {
  const batches = new WeakMap<
    OperatorContext,
    { step: number; verdict: Promise<PolicyDenied | undefined> }
  >();
  const checkBatch = (context: OperatorContext, turn: ToolTurn) => {
    const known = batches.get(context);
    if (known?.step === turn.step) return known.verdict;
    const verdict = checkToolBatch(run, context, turn);
    batches.set(context, { step: turn.step, verdict });
    return verdict;
  };
  return async (call, next, context, turn) => {
    const refusedBatch = await checkBatch(context, turn);
    if (refusedBatch) return refuse(refusedBatch);
    const ctx = context.executionContext;
    const request = { metadata: { toolCallId: call.toolCallId } };
    const result = await run.services.policy.checkTool(call.toolName, policyContextFrom(ctx, request));
    if (result.decision === PolicyDecision.DENY)
      return refuse(new PolicyDenied({ reason: result.reason, violations: result.violations }));
    if (result.decision === PolicyDecision.REQUIRE_APPROVAL) {
      const refusal = await askApproval(run, context, call, result.reason);
      if (refusal) return refuse(refusal);
    }
    return runRecorded(run, context, call, next);
  };
}

/**
 * The constraint rules once per turn (`toolCallsThisTurn`: how many calls the step asked for, so
 * `maxToolCallsPerTurn` refuses the whole batch, the model is told); every call of the batch shares the verdict.
 */
async function checkToolBatch(
  run: OperatorRun,
  context: OperatorContext,
  turn: ToolTurn,
): Promise<PolicyDenied | undefined> {
  const request = { toolCallsThisTurn: turn.toolCalls, metadata: { step: turn.step } };
  const result = await run.services.policy.checkConstraints(
    policyContextFrom(context.executionContext, request),
  );
  try {
    await enforcePolicy(run, context, result, { step: turn.step, toolCalls: turn.toolCalls });
    return undefined;
  } catch (error) {
    if (PolicyDenied.isInstance(error)) return error;
    throw error;
  }
}

async function askApproval(
  run: OperatorRun,
  context: OperatorContext,
  call: AgentToolCall,
  reason: string,
): Promise<PolicyDenied | undefined> {
  try {
    const action = await awaitAction(
      run,
      context.executionContext,
      {
        type: ActionType.APPROVAL,
        payload: { toolName: call.toolName, input: call.input, reason },
        metadata: { toolCallId: call.toolCallId, toolName: call.toolName, inputHash: stableHash(call.input) },
      },
      context.signal,
    );
    if (action.resolution?.approved === true) return undefined;
    const why = typeof action.resolution?.reason === 'string' ? `: ${action.resolution.reason}` : '';
    return new PolicyDenied({ reason: `approval rejected${why}` });
  } catch (error) {
    return new PolicyDenied({ reason: `approval not given: ${serializeError(error).message}` });
  }
}

/** Runs the call under a one-call ledger reservation and records it as the agent's job's tool usage. */
async function runRecorded(
  run: OperatorRun,
  context: OperatorContext,
  call: AgentToolCall,
  next: () => Promise<ToolOutcome>,
): Promise<ToolOutcome> {
  const { ledger, clock } = run.services;
  const ctx = context.executionContext;
  let reservation: Awaited<ReturnType<typeof ledger.reserve>>;
  try {
    reservation = await ledger.reserve(ctx, { toolCalls: 1 });
  } catch (error) {
    return refuse(error);
  }
  const started = clock.now();
  try {
    const outcome = await next();
    await ledger.recordToolUsage(ctx, {
      toolName: call.toolName,
      durationMs: clock.now() - started,
      reservation,
    });
    return outcome;
  } catch (error) {
    await reservation.release();
    throw error;
  }
}

/** A call that does not run: the model is told why. */
function refuse(error: unknown): ToolOutcome {
  return { type: 'error', error: serializeError(error).message };
}
