import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'PluginShutdownError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** One or more plugins failed to shut down; every plugin was still asked to. */
export class PluginShutdownError extends AgentRuntimeError<typeof ErrorCode.PLUGIN_SHUTDOWN_FAILED> {
  private readonly [symbol] = true;
  readonly errors: readonly { pluginName: string; error: unknown }[];
  constructor({ errors }: { errors: readonly { pluginName: string; error: unknown }[] }) {
    const names = errors.map((e) => e.pluginName).join(', ');
    super({
      name,
      code: ErrorCode.PLUGIN_SHUTDOWN_FAILED,
      message: `${errors.length} plugin(s) failed to shut down: ${names}`,
      cause: new AggregateError(
        errors.map((e) => e.error),
        'plugin shutdown failures',
      ),
    });
    this.errors = errors;
  }

  static override isInstance(error: unknown): error is PluginShutdownError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
