import { z } from 'zod';
import type { RuntimeTool } from './runtime-tool';

/** A RuntimeTool as `defineTool` makes it: what the runtime calls is its `execute`. */
export const runtimeToolSchema: z.ZodType<RuntimeTool> = z.custom<RuntimeTool>(
  (value) => typeof (value as RuntimeTool | undefined)?.execute === 'function',
  'must be a RuntimeTool (defineTool)',
);
