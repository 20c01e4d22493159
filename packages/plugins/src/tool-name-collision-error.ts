import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'ToolNameCollisionError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** Two plugins (or one plugin twice) contribute a tool of the same name. */
export class ToolNameCollisionError extends AgentRuntimeError<typeof ErrorCode.TOOL_NAME_COLLISION> {
  private readonly [symbol] = true;
  readonly toolName: string;
  readonly pluginNames: readonly [string, string];
  constructor({ toolName, pluginNames }: { toolName: string; pluginNames: readonly [string, string] }) {
    super({
      name,
      code: ErrorCode.TOOL_NAME_COLLISION,
      message: `tool ${toolName} is provided by both plugin ${pluginNames[0]} and plugin ${pluginNames[1]}`,
    });
    this.toolName = toolName;
    this.pluginNames = pluginNames;
  }

  static override isInstance(error: unknown): error is ToolNameCollisionError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
