import { defineTool, type ExecutionContext, type RuntimeTool } from '@agent-runtime/core';
import { z } from 'zod';
import type { Plugin } from './plugin';
import { type PluginManifestInput, pluginManifest } from './plugin-manifest';

/** Test helper: a plugin that records its lifecycle calls in `log` and can be told to fail. */
export function testPlugin(
  log: string[],
  manifest: Partial<PluginManifestInput> & { name: string },
  behaviour: { failInit?: boolean; failShutdown?: boolean; tools?: string[] } = {},
): Plugin {
  const tools: RuntimeTool[] = (behaviour.tools ?? []).map((name) =>
    defineTool({ name, description: name, inputSchema: z.object({}), execute: () => name }),
  );
  return {
    manifest: pluginManifest({ version: '1.0.0', type: 'tools', description: manifest.name, ...manifest }),
    initialize: async (_ctx: ExecutionContext) => {
      log.push(`init ${manifest.name}`);
      if (behaviour.failInit) throw new Error(`${manifest.name} cannot start`);
    },
    shutdown: async () => {
      log.push(`shutdown ${manifest.name}`);
      if (behaviour.failShutdown) throw new Error(`${manifest.name} cannot stop`);
    },
    getTools: () => tools,
  };
}
