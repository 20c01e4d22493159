import {
  ExecutionContext,
  functionSchema,
  NotFoundError,
  parseInput,
  type RuntimeTool,
} from '@agent-runtime/core';
import { z } from 'zod';
import { dependencyOrder } from './dependency-order';
import { DuplicatePluginError } from './duplicate-plugin-error';
import type { Plugin } from './plugin';
import { PluginInitializationError } from './plugin-initialization-error';
import { pluginManifestSchema } from './plugin-manifest';
import { PluginShutdownError } from './plugin-shutdown-error';
import type { PluginType } from './plugin-type';
import { ToolNameCollisionError } from './tool-name-collision-error';

const fn = functionSchema();
const pluginSchema = z.object({
  manifest: pluginManifestSchema,
  initialize: fn,
  shutdown: fn,
  getTools: fn,
});
const contextSchema = z.instanceof(ExecutionContext, { message: 'must be an ExecutionContext' });

/**
 * Holds plugins by name, starts them in dependency order and stops them in reverse. Dependency problems are
 * found before any plugin starts; a failed start shuts down what this call had started.
 */
export class PluginRegistry {
  private readonly plugins = new Map<string, Plugin>();
  /** Names of initialized plugins, in the order they were initialized. */
  private initialized: string[] = [];

  /** Adds a plugin; throws DuplicatePluginError if one of that name is registered. */
  register(plugin: Plugin): void {
    parseInput(pluginSchema, plugin, 'plugin');
    const { name } = plugin.manifest;
    if (this.plugins.has(name)) throw new DuplicatePluginError({ pluginName: name });
    this.plugins.set(name, plugin);
  }

  /** Removes a plugin, shutting it down first if it is initialized; throws NotFoundError if absent. */
  async unregister(name: string): Promise<void> {
    const plugin = this.plugins.get(name);
    if (!plugin) throw new NotFoundError({ resource: 'plugin', id: name });
    if (this.isInitialized(name)) {
      await plugin.shutdown();
      this.initialized = this.initialized.filter((n) => n !== name);
    }
    this.plugins.delete(name);
  }

  get(name: string): Plugin | undefined {
    return this.plugins.get(name);
  }

  getByType(type: PluginType): Plugin[] {
    return [...this.plugins.values()].filter((plugin) => plugin.manifest.type === type);
  }

  list(): Plugin[] {
    return [...this.plugins.values()];
  }

  isInitialized(name: string): boolean {
    return this.initialized.includes(name);
  }

  /**
   * Initializes every registered plugin not yet initialized, each after its dependencies. Throws
   * PluginDependencyError (nothing started) or PluginInitializationError (those started by this call are shut
   * down again, in reverse order).
   */
  async initializeAll(context: ExecutionContext): Promise<void> {
    parseInput(contextSchema, context, 'context');
    const order = dependencyOrder([...this.plugins.values()].map((p) => p.manifest));
    const started: string[] = [];
    for (const name of order) {
      if (this.isInitialized(name)) continue;
      try {
        await this.plugins.get(name)!.initialize(context);
      } catch (cause) {
        const shutdownErrors = await this.shutdownInReverse(started);
        this.initialized = this.initialized.filter((n) => !started.includes(n));
        throw new PluginInitializationError({
          pluginName: name,
          rolledBack: [...started].reverse(),
          shutdownErrors,
          cause,
        });
      }
      started.push(name);
      this.initialized.push(name);
    }
  }

  /** Every plugin's tools, in registration order; throws ToolNameCollisionError naming both plugins. */
  getAllTools(): RuntimeTool[] {
    const owners = new Map<string, string>();
    const tools: RuntimeTool[] = [];
    for (const plugin of this.plugins.values()) {
      for (const tool of plugin.getTools()) {
        const owner = owners.get(tool.name);
        if (owner !== undefined) {
          throw new ToolNameCollisionError({
            toolName: tool.name,
            pluginNames: [owner, plugin.manifest.name],
          });
        }
        owners.set(tool.name, plugin.manifest.name);
        tools.push(tool);
      }
    }
    return tools;
  }

  /**
   * Shuts down every initialized plugin in reverse initialization order. Every plugin is asked even when
   * another failed; failures are thrown together as PluginShutdownError.
   */
  async shutdownAll(): Promise<void> {
    const errors = await this.shutdownInReverse(this.initialized);
    this.initialized = [];
    if (errors.length > 0) throw new PluginShutdownError({ errors });
  }

  private async shutdownInReverse(
    names: readonly string[],
  ): Promise<{ pluginName: string; error: unknown }[]> {
    const errors: { pluginName: string; error: unknown }[] = [];
    for (const pluginName of [...names].reverse()) {
      try {
        await this.plugins.get(pluginName)!.shutdown();
      } catch (error) {
        errors.push({ pluginName, error });
      }
    }
    return errors;
  }
}
