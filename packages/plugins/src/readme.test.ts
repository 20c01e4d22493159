import { defineTool, ExecutionContext } from '@agent-runtime/core';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { type Plugin, PluginRegistry, PluginType, pluginManifest } from './index';

it('README: a tools plugin and the registry', async () => {
  const searchTool = defineTool({
    name: 'search',
    description: 'Search the knowledge base',
    inputSchema: z.object({ query: z.string() }),
    execute: async ({ query }) => ({ hits: [`result for ${query}`] }),
  });
  const analyzeTool = defineTool({
    name: 'analyze',
    description: 'Analyze a text',
    inputSchema: z.object({ text: z.string() }),
    execute: async ({ text }) => ({ words: text.split(/\s+/).length }),
  });

  class MyToolsPlugin implements Plugin {
    readonly manifest = pluginManifest({
      name: 'my-tools',
      version: '1.0.0',
      type: PluginType.TOOLS,
      description: 'Custom tools for my application',
      capabilities: ['search', 'analyze'],
    });

    async initialize(context: ExecutionContext): Promise<void> {
      // Set up plugin resources
      this.scope = context.scopeId;
    }

    async shutdown(): Promise<void> {
      // Clean up resources
      this.scope = undefined;
    }

    getTools() {
      return [searchTool, analyzeTool];
    }

    scope: string | undefined;
  }

  const ctx = new ExecutionContext({ scopeId: 'tenant-123' });
  const registry = new PluginRegistry();

  // Register plugin
  const plugin = new MyToolsPlugin();
  registry.register(plugin);

  // Get plugins by type
  const toolPlugins = registry.getByType(PluginType.TOOLS);

  // Initialize all plugins
  await registry.initializeAll(ctx);

  // Get all tools from plugins
  const allTools = registry.getAllTools();

  // Shutdown
  await registry.shutdownAll();

  expect(toolPlugins).toEqual([plugin]);
  expect(allTools.map((tool) => tool.name)).toEqual(['search', 'analyze']);
  expect(plugin.scope).toBeUndefined();
});
