import {
  type AgentRunRequest,
  type AgentStreamPart,
  type AgentToolCall,
  ExecutionContext,
  type RuntimeTool,
  type ToolOutcome,
} from '@agent-runtime/core';

export interface RecordingRequest extends AgentRunRequest {
  readonly executed: AgentToolCall[];
}

/**
 * A run request as the kernel would make it, whose gate runs the tool's own `execute` (no policy) and records
 * the calls; tests override what they check.
 */
export function runRequest(overrides: Partial<AgentRunRequest> = {}): RecordingRequest {
  const executed: AgentToolCall[] = [];
  const context = new ExecutionContext({ scopeId: 'tenant-1', jobId: 'job-1' }).toRequestContext();
  const tools = overrides.tools ?? [];
  return {
    prompt: 'hello',
    context,
    signal: new AbortController().signal,
    tools,
    executed,
    async executeTool(call: AgentToolCall, signal: AbortSignal): Promise<ToolOutcome> {
      executed.push(call);
      const tool = tools.find((candidate: RuntimeTool) => candidate.name === call.toolName);
      if (!tool) return { type: 'error', error: `unknown tool ${call.toolName}` };
      try {
        const output = await tool.execute(tool.inputSchema.parse(call.input), {
          toolCallId: call.toolCallId,
          signal,
        } as never);
        return { type: 'result', output };
      } catch (error) {
        return { type: 'error', error: (error as Error).message };
      }
    },
    ...overrides,
  };
}

export async function collect(stream: AsyncIterable<AgentStreamPart>): Promise<AgentStreamPart[]> {
  const parts: AgentStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

export function partsOfType<T extends AgentStreamPart['type']>(
  parts: AgentStreamPart[],
  type: T,
): Extract<AgentStreamPart, { type: T }>[] {
  return parts.filter((part): part is Extract<AgentStreamPart, { type: T }> => part.type === type);
}
