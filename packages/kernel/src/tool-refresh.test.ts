import { pluginManifest } from '@agent-runtime/plugins';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, PluginRegistry, type RuntimeTool } from './index';
import { collect, scriptedKernel } from './test-helpers';

/** A plugin whose `add_late` tool adds a `late` tool to its own list, as an MCP server's list_changed would. */
function growingPlugin() {
  const late = defineTool({
    name: 'late',
    description: 'added later',
    inputSchema: z.object({}),
    execute: () => 'late ran',
  });
  let tools: RuntimeTool[] = [];
  const addLate = defineTool({
    name: 'add_late',
    description: 'adds the tool late',
    inputSchema: z.object({}),
    execute: () => {
      tools = [addLate, late];
      return 'added';
    },
  });
  tools = [addLate];
  return {
    manifest: pluginManifest({ name: 'growing', version: '1.0.0', type: 'tools', description: 'grows' }),
    initialize: () => {},
    shutdown: () => {},
    getTools: () => tools,
  };
}

describe('plugin tools are re-collected before every step', () => {
  it('a tool a plugin adds during a job is offered to the model and runs at the next step', async () => {
    const pluginRegistry = new PluginRegistry();
    pluginRegistry.register(growingPlugin());
    const { kernel, model } = scriptedKernel(
      [
        { toolCalls: [{ toolName: 'add_late', input: {} }] },
        { toolCalls: [{ toolName: 'late', input: {} }] },
        { text: 'used the new tool' },
      ],
      { kernel: { pluginRegistry } },
    );
    const handle = await kernel.execute({ prompt: 'p', scopeId: 'tenant-1' });
    const events = await collect(handle);
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'used the new tool' });
    const offered = model.doStreamCalls.map((call) => (call.tools ?? []).map((t) => t.name));
    expect(offered).toEqual([['add_late'], ['add_late', 'late'], ['add_late', 'late']]);
    expect(events.filter((e) => e.type === 'tool.end').map((e) => e.data.output)).toEqual([
      'added',
      'late ran',
    ]);
  });
});
