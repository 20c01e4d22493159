import {
  ActionRequiredError,
  type AgentToolCall,
  type ResolvedAction,
  type RuntimeTool,
  serializeError,
  ToolExecutionError,
  type ToolOutcome,
} from '@agent-runtime/core';
import type { Reservation } from '@agent-runtime/ledger';
import { failedToolOutcome, findTool, parseToolInput, toolEventFields } from '@agent-runtime/orchestration';
import { policyContextFrom } from '@agent-runtime/policy';
import { recordToolCall, replayToolCall } from '../durable/tool-journal';
import type { Execution } from '../execution/execution';
import { checkJobStillActive } from '../execution/job-liveness';
import { toolContext } from '../execution/tool-context';
import { waitForAction } from '../execution/wait-for-action';
import { checkToolBatch } from './constraint-gate';
import { applyPolicy } from './policy-gate';
import { checkRuntime } from './step-guard';

/** How many times a tool may throw ActionRequiredError for one call before the call fails. */
const MAX_ACTION_ROUNDS = 8;

/**
 * The kernel's gate around every tool call: policy (deny / approval / warn), runtime and budget (a reserved
 * tool call with its declared cost), `tool.start`, input validation, the tool itself (re-run after an ActionRequiredError is
 * resolved), `tool.end`, and the call's usage in the ledger. A refused call, invalid input or a
 * ToolExecutionError thrown by the tool is told to the model; any other error thrown by the tool, or a budget or
 * time limit, ends the job. Events of a tool with `metadata` carry it as `toolMetadata`.
 */
export async function executeTool(execution: Execution, call: AgentToolCall): Promise<ToolOutcome> {
  try {
    await checkJobStillActive(execution);
    const replayed = await replayToolCall(execution, call);
    if (replayed) return replayed;
    const found = findTool(execution.tools, call);
    if ('error' in found) return await refuse(execution, call, found.error);
    const { tool } = found;
    execution.toolCallsThisStep += 1;
    const batch = await checkToolBatch(execution);
    if (!batch.allowed) return await refuse(execution, call, batch.error, true);
    const verdict = await applyPolicy(execution, await checkToolPolicy(execution, call), {
      call,
      payload: { toolName: call.toolName, input: call.input },
    });
    if (!verdict.allowed) return await refuse(execution, call, verdict.error, true, tool);
    checkRuntime(execution);
    return await runReserved(execution, tool, call, verdict.warning);
  } catch (error) {
    execution.stop(error);
    return failedToolOutcome(execution.stopReason);
  }
}

async function checkToolPolicy(execution: Execution, call: AgentToolCall) {
  const request = {
    toolCallsThisTurn: execution.toolCallsThisStep,
    metadata: { toolCallId: call.toolCallId },
  };
  return execution.services.policy.checkTool(call.toolName, policyContextFrom(execution.ctx, request));
}

async function runReserved(
  execution: Execution,
  tool: RuntimeTool,
  call: AgentToolCall,
  warning: string | undefined,
): Promise<ToolOutcome> {
  const { ledger, clock } = execution.services;
  let reservation: Reservation | undefined;
  let settled = false;
  let started: number | undefined;
  const metadata = warning === undefined ? undefined : { policyWarning: warning };
  const recordUsage = async (durationMs: number, extra?: Record<string, unknown>) => {
    const recorded = await ledger.recordToolUsage(execution.ctx, {
      toolName: call.toolName,
      durationMs,
      ...(tool.cost === undefined ? {} : { cost: tool.cost }),
      metadata: extra === undefined ? metadata : { ...metadata, ...extra },
      reservation,
    });
    execution.usage.recorded(recorded);
    settled = true;
  };
  try {
    reservation = await ledger.reserve(execution.ctx, {
      toolCalls: 1,
      ...(tool.cost === undefined ? {} : { cost: tool.cost }),
    });
    const parsed = parseToolInput(tool, call);
    if ('error' in parsed) return await refuse(execution, call, parsed.error, false, tool);
    const start = execution.event('tool.start', {
      ...toolEventFields(execution.currentStep, call, tool),
      input: call.input,
      ...(warning === undefined ? {} : { policyWarning: warning }),
    });
    await recordToolCall(execution, call, 'running', { events: [start] });
    started = clock.now();
    const output = await runTool(execution, tool, call, parsed.input);
    const durationMs = clock.now() - started;
    // usage before the journal's `done`: a crash between the two meters the call (a resume then treats it as
    // interrupted), never the other way round
    await recordUsage(durationMs);
    const end = execution.event('tool.end', {
      ...toolEventFields(execution.currentStep, call, tool),
      output,
      durationMs,
    });
    await recordToolCall(execution, call, 'done', { outcome: { type: 'result', output }, events: [end] });
    return { type: 'result', output };
  } catch (error) {
    if (ToolExecutionError.isInstance(error) && execution.stopReason === undefined && started !== undefined) {
      const outcome = failedToolOutcome(error);
      await recordUsage(clock.now() - started, { errorCode: error.code });
      const failed = toolErrorEvent(execution, call, error, tool);
      await recordToolCall(execution, call, 'done', { outcome, events: [failed] });
      return outcome;
    }
    if (!execution.leftWaiting) await publishToolError(execution, call, error, tool);
    throw error;
  } finally {
    if (!settled) await reservation?.release();
  }
}

/** Runs the tool; when it throws ActionRequiredError, waits for that action and runs it again with it. */
async function runTool(execution: Execution, tool: RuntimeTool, call: AgentToolCall, input: unknown) {
  let resolvedAction: ResolvedAction | undefined;
  for (let round = 0; ; round++) {
    execution.throwIfStopped();
    try {
      return await tool.execute(input, toolContext(execution, call, resolvedAction));
    } catch (error) {
      if (!ActionRequiredError.isInstance(error) || round >= MAX_ACTION_ROUNDS) throw error;
      resolvedAction = await waitForAction(execution, {
        ...error.spec,
        binding: { toolCallId: call.toolCallId, actionKey: `required:${round}` },
        parkedCall: call,
      });
    }
  }
}

/** A call that does not run: `tool.error`, and the model is told why. */
async function refuse(
  execution: Execution,
  call: AgentToolCall,
  error: Error,
  denied = false,
  tool?: RuntimeTool,
): Promise<ToolOutcome> {
  await execution.publish('tool.error', {
    ...toolEventFields(execution.currentStep, call, tool),
    error: serializeError(error),
    ...(denied ? { denied } : {}),
  });
  return failedToolOutcome(error);
}

async function publishToolError(
  execution: Execution,
  call: AgentToolCall,
  error: unknown,
  tool: RuntimeTool,
): Promise<void> {
  await execution.services.events.publish(toolErrorEvent(execution, call, error, tool));
}

/** The `tool.error` of a call that failed (with the job's stop reason when the job is stopping). */
function toolErrorEvent(execution: Execution, call: AgentToolCall, error: unknown, tool: RuntimeTool) {
  return execution.event('tool.error', {
    ...toolEventFields(execution.currentStep, call, tool),
    error: serializeError(execution.stopReason ?? error),
  });
}
