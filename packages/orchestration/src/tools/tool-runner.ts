import {
  type AgentToolCall,
  type RuntimeTool,
  serializeError,
  type ToolContext,
  type ToolOutcome,
} from '@agent-runtime/core';
import type { OperatorContext } from '../context/operator-context';
import {
  failedToolOutcome,
  findTool,
  parseToolInput,
  type ToolEventFields,
  toolEventFields,
} from './tool-call';

/**
 * Runs a tool call outside the kernel: known tool, tool-call budget, input validated by the tool's schema,
 * `tool.start` / `tool.end` / `tool.error` events. The tool's `requireAction` and artifacts are the context's
 * ToolServices (outside the kernel, they refuse).
 */
export async function runTool(
  call: AgentToolCall,
  tools: ReadonlyMap<string, RuntimeTool>,
  context: OperatorContext,
  { step, signal }: { step: number; signal: AbortSignal },
): Promise<ToolOutcome> {
  const found = findTool(tools, call);
  if ('error' in found) return refuse(context, toolEventFields(step, call, undefined), found.error);
  const { tool } = found;
  const fields = toolEventFields(step, call, tool);
  const started = context.clock.now();
  try {
    context.assertBudgetAvailable({ toolCall: true });
  } catch (error) {
    return refuse(context, fields, error);
  }
  const parsed = parseToolInput(tool, call);
  if ('error' in parsed) return refuse(context, fields, parsed.error);
  context.recordToolCall();
  await context.publish('tool.start', { ...fields, input: parsed.input });
  try {
    const output = await tool.execute(parsed.input, toolContext(call, context, signal));
    const durationMs = context.clock.now() - started;
    await context.publish('tool.end', { ...fields, output, durationMs });
    return { type: 'result', output };
  } catch (error) {
    return refuse(context, fields, error);
  }
}

/** A call that failed: `tool.error`, and the model is told why. */
async function refuse(
  context: OperatorContext,
  fields: ToolEventFields,
  error: unknown,
): Promise<ToolOutcome> {
  await context.publish('tool.error', { ...fields, error: serializeError(error) });
  return failedToolOutcome(error);
}

function toolContext(call: AgentToolCall, context: OperatorContext, signal: AbortSignal): ToolContext {
  return {
    context: context.executionContext,
    jobId: context.jobId ?? '',
    toolCallId: call.toolCallId,
    signal,
    ...context.toolServices(call, context),
  };
}
