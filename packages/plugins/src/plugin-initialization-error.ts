import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'PluginInitializationError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A plugin's `initialize` failed (`cause`). The plugins started before it in the same `initializeAll` were shut
 * down again (`rolledBack`, in shutdown order); any of those shutdowns that failed are in `shutdownErrors`.
 */
export class PluginInitializationError extends AgentRuntimeError<
  typeof ErrorCode.PLUGIN_INITIALIZATION_FAILED
> {
  private readonly [symbol] = true;
  readonly pluginName: string;
  readonly rolledBack: readonly string[];
  readonly shutdownErrors: readonly { pluginName: string; error: unknown }[];
  constructor({
    pluginName,
    rolledBack,
    shutdownErrors,
    cause,
  }: {
    pluginName: string;
    rolledBack: readonly string[];
    shutdownErrors: readonly { pluginName: string; error: unknown }[];
    cause: unknown;
  }) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super({
      name,
      code: ErrorCode.PLUGIN_INITIALIZATION_FAILED,
      message: `plugin ${pluginName} failed to initialize: ${reason}`,
      cause,
    });
    this.pluginName = pluginName;
    this.rolledBack = rolledBack;
    this.shutdownErrors = shutdownErrors;
  }

  static override isInstance(error: unknown): error is PluginInitializationError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
