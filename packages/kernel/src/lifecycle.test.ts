import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, KernelShutdownError, ManualClock, PluginRegistry, PluginType } from './index';
import { collect, scriptedKernel, waitForEvent } from './test-helpers';

function searchPlugin(log: string[]) {
  const search = defineTool({
    name: 'search',
    description: 'searches',
    inputSchema: z.object({ q: z.string() }),
    execute: ({ q }) => `results for ${q}`,
  });
  return {
    manifest: {
      name: 'my-tools',
      version: '1.0.0',
      type: PluginType.TOOLS,
      description: 'tools',
      capabilities: ['search'],
      dependencies: {},
    },
    initialize: async () => {
      log.push('initialize');
    },
    shutdown: async () => {
      log.push('shutdown');
    },
    getTools: () => [search],
  };
}

describe('plugins and kernel lifecycle', () => {
  it("plugins' tools are available to the agent; plugins start with the first job and stop with the kernel", async () => {
    const log: string[] = [];
    const pluginRegistry = new PluginRegistry();
    pluginRegistry.register(searchPlugin(log));
    const { kernel } = scriptedKernel(
      [{ toolCalls: [{ toolName: 'search', input: { q: 'ts' } }] }, { text: 'found it' }],
      { kernel: { pluginRegistry } },
    );
    expect(log).toEqual([]);
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    const events = await collect(handle);
    expect(events.find((e) => e.type === 'tool.end')?.data.output).toBe('results for ts');
    expect(log).toEqual(['initialize']);
    await kernel.shutdown();
    expect(log).toEqual(['initialize', 'shutdown']);
  });

  it('shutdown drains: running jobs finish within the grace period; new executions are refused', async () => {
    const { kernel } = scriptedKernel([{ text: 'a b c d e f' }], { chunkDelayMs: 5 });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    await kernel.shutdown({ graceSeconds: 30 });
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'a b c d e f' });
    await expect(kernel.execute({ prompt: 'p', scopeId: 's' })).rejects.toSatisfy(
      KernelShutdownError.isInstance,
    );
  });

  it('shutdown cancels jobs still running after the grace period', async () => {
    const clock = new ManualClock();
    const wait = defineTool({
      name: 'wait',
      description: 'waits',
      inputSchema: z.object({}),
      execute: (_input, toolContext) => clock.sleep(3_600_000, toolContext.signal),
    });
    const { kernel } = scriptedKernel([{ toolCalls: [{ toolName: 'wait', input: {} }] }], {
      kernel: { tools: [wait], clock },
    });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    await waitForEvent(handle, 'tool.start');
    const stopping = kernel.shutdown({ graceSeconds: 10 });
    await clock.advance(9_000);
    expect((await handle.job()).status).toBe('running');
    await clock.advance(1_000);
    await stopping;
    expect(await handle.result()).toMatchObject({
      status: 'cancelled',
      error: { message: 'cancelled: kernel shutdown' },
    });
  });
});
