import type { ExecutionContext, RuntimeTool } from '@agent-runtime/core';
import type { PluginManifest } from './plugin-manifest';

/** An extension of the runtime: described by its manifest, started and stopped by a PluginRegistry. */
export interface Plugin {
  readonly manifest: PluginManifest;
  /** Sets up the plugin's resources; called once, after the plugins it depends on. */
  initialize(context: ExecutionContext): Promise<void> | void;
  /** Releases them; called in reverse initialization order. */
  shutdown(): Promise<void> | void;
  /** The tools the plugin contributes (core RuntimeTools, made with defineTool). */
  getTools(): readonly RuntimeTool[];
}
