import {
  ActionRequiredError,
  type AgentToolCall,
  NotFoundError,
  type ResolvedAction,
  type RuntimeTool,
  serializeError,
  ToolExecutionError,
  type ToolOutcome,
  ValidationError,
} from '@agent-runtime/core';
import type { Reservation } from '@agent-runtime/ledger';
import { policyContextFrom } from '@agent-runtime/policy';
import { recordToolCall, replayToolCall } from './durable/tool-journal';
import type { Execution } from './execution';
import { checkToolBatch } from './gates/constraint-gate';
import { checkJobStillActive } from './job-liveness';
import { applyPolicy } from './policy-gate';
import { checkRuntime } from './step-guard';
import { toolContext } from './tool-context';
import { waitForAction } from './wait-for-action';

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
    const tool = execution.tools.get(call.toolName);
    if (!tool)
      return await refuse(execution, call, new NotFoundError({ resource: 'tool', id: call.toolName }));
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
    return { type: 'error', error: errorText(execution.stopReason) };
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
    await ledger.recordToolUsage(execution.ctx, {
      toolName: call.toolName,
      durationMs,
      ...(tool.cost === undefined ? {} : { cost: tool.cost }),
      metadata: extra === undefined ? metadata : { ...metadata, ...extra },
      reservation,
    });
    settled = true;
  };
  try {
    reservation = await ledger.reserve(execution.ctx, {
      toolCalls: 1,
      ...(tool.cost === undefined ? {} : { cost: tool.cost }),
    });
    const parsed = tool.inputSchema.safeParse(call.input);
    if (!parsed.success) {
      const error = new ValidationError({ field: `${call.toolName}.input`, message: parsed.error.message });
      return await refuse(execution, call, error, false, tool);
    }
    await recordToolCall(execution, call, 'running');
    await execution.publish('tool.start', {
      step: execution.currentStep,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      input: call.input,
      ...toolMetadata(tool),
      ...(warning === undefined ? {} : { policyWarning: warning }),
    });
    started = clock.now();
    const output = await runTool(execution, tool, call, parsed.data);
    const durationMs = clock.now() - started;
    await recordToolCall(execution, call, 'done', { type: 'result', output });
    await recordUsage(durationMs);
    await execution.publish('tool.end', {
      step: execution.currentStep,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      output,
      durationMs,
      ...toolMetadata(tool),
    });
    return { type: 'result', output };
  } catch (error) {
    if (ToolExecutionError.isInstance(error) && execution.stopReason === undefined && started !== undefined) {
      const outcome: ToolOutcome = { type: 'error', error: errorText(error) };
      await recordToolCall(execution, call, 'done', outcome);
      await recordUsage(clock.now() - started, { errorCode: error.code });
      await publishToolError(execution, call, error, tool);
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
    step: execution.currentStep,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    error: serializeError(error),
    ...(denied ? { denied } : {}),
    ...toolMetadata(tool),
  });
  return { type: 'error', error: errorText(error) };
}

async function publishToolError(
  execution: Execution,
  call: AgentToolCall,
  error: unknown,
  tool: RuntimeTool,
): Promise<void> {
  await execution.publish('tool.error', {
    step: execution.currentStep,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    error: serializeError(execution.stopReason ?? error),
    ...toolMetadata(tool),
  });
}

function toolMetadata(tool: RuntimeTool | undefined): { toolMetadata?: Record<string, unknown> } {
  return tool?.metadata === undefined ? {} : { toolMetadata: { ...tool.metadata } };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
