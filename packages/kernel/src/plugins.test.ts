import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineTool,
  type ExecutionContext,
  type Plugin,
  PluginInitializationError,
  PluginRegistry,
  PluginType,
} from './index';
import { collect, scriptedKernel } from './test-helpers';

function plugin(name: string, initialize: (context: ExecutionContext) => void | Promise<void>): Plugin {
  const tool = defineTool({
    name: `${name}_search`,
    description: 'searches',
    inputSchema: z.object({ q: z.string() }),
    execute: ({ q }) => `${name} results for ${q}`,
  });
  return {
    manifest: {
      name,
      version: '1.0.0',
      type: PluginType.TOOLS,
      description: name,
      capabilities: [],
      dependencies: {},
    },
    initialize,
    shutdown: () => {},
    getTools: () => [tool],
  };
}

const searchSteps = (toolName: string) => [
  { toolCalls: [{ toolName, input: { q: 'ts' } }] },
  { text: 'found it' },
];

describe('plugins are initialized before a job uses them', () => {
  it("with the first job's real ExecutionContext, not a placeholder scope", async () => {
    const contexts: ExecutionContext[] = [];
    const pluginRegistry = new PluginRegistry();
    pluginRegistry.register(plugin('web', (ctx) => void contexts.push(ctx)));
    const { kernel } = scriptedKernel(searchSteps('web_search'), { kernel: { pluginRegistry } });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 'tenant-1', principalId: 'user-1' });
    await handle.result();
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({ scopeId: 'tenant-1', principalId: 'user-1' });
    await kernel.shutdown();
  });

  it('a plugin registered after the first execute() is initialized before the next job uses its tools', async () => {
    const log: string[] = [];
    const pluginRegistry = new PluginRegistry();
    pluginRegistry.register(plugin('web', () => void log.push('web')));
    const { kernel } = scriptedKernel([{ text: 'first' }, ...searchSteps('late_search')], {
      kernel: { pluginRegistry },
    });
    await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result();
    pluginRegistry.register(
      plugin('late', async () => {
        log.push('late');
      }),
    );
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    const events = await collect(handle);
    expect(log).toEqual(['web', 'late']);
    expect(pluginRegistry.isInitialized('late')).toBe(true);
    expect(events.find((e) => e.type === 'tool.end')?.data.output).toBe('late results for ts');
    await kernel.shutdown();
  });

  it('a failed initialization rejects that execute() with a typed error and is retried on the next one', async () => {
    let attempts = 0;
    const pluginRegistry = new PluginRegistry();
    pluginRegistry.register(
      plugin('flaky', () => {
        attempts++;
        if (attempts === 1) throw new Error('database not reachable');
      }),
    );
    const { kernel } = scriptedKernel(searchSteps('flaky_search'), { kernel: { pluginRegistry } });
    const error = await kernel.execute({ prompt: 'p', scopeId: 's' }).catch((e: unknown) => e);
    expect(PluginInitializationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ pluginName: 'flaky', code: 'PLUGIN_INITIALIZATION_FAILED' });
    expect((await kernel.jobs.list({ scopeId: 's' })).length).toBe(0);
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'found it' });
    expect(attempts).toBe(2);
    await kernel.shutdown();
  });

  it('concurrent first jobs initialize a plugin once', async () => {
    let attempts = 0;
    const pluginRegistry = new PluginRegistry();
    pluginRegistry.register(
      plugin('slow', async () => {
        attempts++;
        await new Promise((r) => setTimeout(r, 20));
      }),
    );
    const { kernel } = scriptedKernel([{ text: 'a' }, { text: 'b' }], { kernel: { pluginRegistry } });
    const handles = await Promise.all([
      kernel.execute({ prompt: 'p', scopeId: 's' }),
      kernel.execute({ prompt: 'p', scopeId: 's' }),
    ]);
    await Promise.all(handles.map((h) => h.result()));
    expect(attempts).toBe(1);
    await kernel.shutdown();
  });
});
