import type { RuntimeTool } from '@agent-runtime/core';
import { jsonSchema, type ToolSet, tool } from 'ai';
import { z } from 'zod';

type JsonSchema = Parameters<typeof jsonSchema>[0];

/** Each input schema's JSON Schema, made once: the same tools are offered on every run. */
const jsonSchemas = new WeakMap<z.ZodType, JsonSchema>();

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
      inputSchema: jsonSchema(jsonSchemaOf(runtimeTool.inputSchema)),
    });
  }
  return set;
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let json = jsonSchemas.get(schema);
  if (json === undefined) {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    jsonSchemas.set(schema, json);
  }
  return json;
}
