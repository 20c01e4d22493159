import {
  type AgentToolCall,
  NotFoundError,
  type RuntimeTool,
  type ToolOutcome,
  ValidationError,
} from '@agent-runtime/core';

/**
 * The steps of a tool call that the kernel's tool gate and an operator's tool runner share: which tool the
 * call names, whether its input fits, what its `tool.*` events carry and what the model is told when it fails.
 */

/** The tool the call names among those on offer; a NotFoundError naming the tool when there is none. */
export function findTool(
  tools: ReadonlyMap<string, RuntimeTool>,
  call: AgentToolCall,
): { tool: RuntimeTool } | { error: NotFoundError } {
  const tool = tools.get(call.toolName);
  return tool ? { tool } : { error: new NotFoundError({ resource: 'tool', id: call.toolName }) };
}

/** The call's input parsed by the tool's schema; a ValidationError naming `<tool>.input` when it does not fit. */
export function parseToolInput(
  tool: RuntimeTool,
  call: AgentToolCall,
): { input: unknown } | { error: ValidationError } {
  const parsed = tool.inputSchema.safeParse(call.input);
  if (parsed.success) return { input: parsed.data };
  return { error: new ValidationError({ field: `${call.toolName}.input`, message: parsed.error.message }) };
}

/** What every `tool.*` event of a call carries. */
export interface ToolEventFields {
  step: number;
  toolCallId: string;
  toolName: string;
  /** The tool's `metadata` (where it comes from, e.g. its MCP server). */
  toolMetadata?: Record<string, unknown>;
}

/** The call's `tool.*` event fields; a tool's `metadata` goes along as `toolMetadata`. */
export function toolEventFields(
  step: number,
  call: AgentToolCall,
  tool: RuntimeTool | undefined,
): ToolEventFields {
  return {
    step,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    ...(tool?.metadata === undefined ? {} : { toolMetadata: { ...tool.metadata } }),
  };
}

/** The outcome that tells the model why the call failed. */
export function failedToolOutcome(error: unknown): ToolOutcome {
  return { type: 'error', error: error instanceof Error ? error.message : String(error) };
}
