import type { RuntimeTool } from '@agent-runtime/core';
import { jsonSchema, type ToolSet, tool } from 'ai';
import { z } from 'zod';

/**
 * Turns RuntimeTools into AI SDK tool definitions the model is offered. They carry no `execute`: the driver
 * runs every call itself through the kernel's gate (`request.executeTool`), which also validates the input
 * with the tool's zod schema, after the step is checkpointed (so a call waiting for an approval can resume).
 */
export function toAiSdkTools(tools: readonly RuntimeTool[]): ToolSet {
  const set: ToolSet = {};
  for (const runtimeTool of tools) {
    set[runtimeTool.name] = tool({
      description: runtimeTool.description,
      inputSchema: jsonSchema(
        z.toJSONSchema(runtimeTool.inputSchema, { io: 'input', unrepresentable: 'any' }) as Parameters<
          typeof jsonSchema
        >[0],
      ),
    });
  }
  return set;
}
