import type { RuntimeTool } from '@agent-runtime/core';
import type { Execution } from './execution';

/**
 * Re-collects the job's tools before a step (a plugin's list may have changed, e.g. after an MCP server's
 * `tools/list_changed`) and returns them when they differ from the current ones. A collection that fails (two
 * tools of one name) keeps the current tools: a plugin's change must not end a running job.
 */
export function refreshTools(execution: Execution): readonly RuntimeTool[] | undefined {
  if (execution.collectTools === undefined) return undefined;
  let next: ReadonlyMap<string, RuntimeTool>;
  try {
    next = execution.collectTools();
  } catch {
    return undefined;
  }
  if (sameTools(execution.tools, next)) return undefined;
  execution.tools = next;
  return [...next.values()];
}

function sameTools(a: ReadonlyMap<string, RuntimeTool>, b: ReadonlyMap<string, RuntimeTool>): boolean {
  return a.size === b.size && [...a].every(([name, tool]) => b.get(name) === tool);
}
