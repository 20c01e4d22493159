import {
  type AgentToolCall,
  type RuntimeTool,
  serializeError,
  type ToolContext,
  type ToolOutcome,
} from '@agent-runtime/core';
import type { OperatorContext } from './operator-context';

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
  const tool = tools.get(call.toolName);
  const started = context.clock.now();
  const refuse = async (error: unknown): Promise<ToolOutcome> => {
    const serialized = serializeError(error);
    await context.publish('tool.error', {
      step,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      error: serialized,
    });
    return { type: 'error', error: serialized.message };
  };
  if (!tool) return refuse(new Error(`unknown tool ${call.toolName}`));
  try {
    context.assertBudgetAvailable({ toolCall: true });
  } catch (error) {
    return refuse(error);
  }
  const parsed = tool.inputSchema.safeParse(call.input);
  if (!parsed.success)
    return refuse(new Error(`invalid input for ${call.toolName}: ${parsed.error.message}`));
  context.recordToolCall();
  await context.publish('tool.start', {
    step,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    input: parsed.data,
  });
  try {
    const output = await tool.execute(parsed.data, toolContext(call, context, signal));
    const durationMs = context.clock.now() - started;
    await context.publish('tool.end', {
      step,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      output,
      durationMs,
    });
    return { type: 'result', output };
  } catch (error) {
    return refuse(error);
  }
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
