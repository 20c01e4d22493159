import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'DuplicatePluginError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A plugin with this name is already registered. */
export class DuplicatePluginError extends AgentRuntimeError<typeof ErrorCode.DUPLICATE_PLUGIN> {
  private readonly [symbol] = true;
  readonly pluginName: string;
  constructor({ pluginName, cause }: { pluginName: string; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.DUPLICATE_PLUGIN,
      message: `plugin ${pluginName} is already registered`,
      cause,
    });
    this.pluginName = pluginName;
  }

  static override isInstance(error: unknown): error is DuplicatePluginError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
