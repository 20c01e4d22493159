import type { ExecutionContext } from '@agent-runtime/core';
import type { PluginRegistry } from '@agent-runtime/plugins';

/**
 * Initializes the registry's plugins before each job uses them, with that job's ExecutionContext: plugins
 * registered since the last job are started before it runs, and a failed start (PluginInitializationError,
 * PluginDependencyError) fails only this execute() and is tried again by the next one. One start runs at a time.
 */
export class PluginInitializer {
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly plugins: PluginRegistry) {}

  ensureInitialized(context: ExecutionContext): Promise<void> {
    const next = this.last.then(() => {
      if (this.plugins.list().every((plugin) => this.plugins.isInitialized(plugin.manifest.name))) return;
      return this.plugins.initializeAll(context);
    });
    this.last = next.catch(() => {});
    return next;
  }

  /** Resolves once no start is in progress. */
  idle(): Promise<void> {
    return this.last;
  }
}
