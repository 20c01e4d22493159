import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { PluginRegistry, PolicyEngine, RuntimeKernel, ToolPolicy } from '@agent-runtime/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mcpPlugin } from './index';
import { startHttpMcpServer } from './test-support/http-mcp-server';
import { binOf, tempDir } from './test-support/servers';

let workDir: string;
let removeWorkDir: () => Promise<void>;
beforeAll(async () => {
  const dir = await tempDir();
  workDir = dir.path;
  removeWorkDir = dir.remove;
});
afterAll(() => removeWorkDir());

describe('README examples', () => {
  it('a kernel job with an MCP server over stdio', async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'everything_echo', input: { message: 'hello' } }] },
      { text: 'It said hello.' },
    ]);
    const everything = mcpPlugin({
      name: 'everything', // tools are named everything_<tool>: everything_echo, everything_get-sum, …
      server: {
        command: process.execPath, // node itself, never npx
        args: [binOf('@modelcontextprotocol/server-everything'), 'stdio'], // the bin file from its package.json
        env: { NODE_ENV: 'production' },
        cwd: workDir,
      },
    });
    const pluginRegistry = new PluginRegistry();
    pluginRegistry.register(everything);
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }), pluginRegistry });

    const handle = await kernel.execute({ prompt: 'Echo hello', scopeId: 'tenant-123' });
    const ended: unknown[] = [];
    for await (const event of handle.events())
      if (event.type === 'tool.end')
        ended.push([event.data.toolName, event.data.toolMetadata, event.data.output]);
    expect(ended).toEqual([
      [
        'everything_echo',
        {
          mcpServer: 'everything',
          mcpTool: 'echo',
          annotations: expect.objectContaining({ readOnlyHint: true }),
        },
        'Echo: hello',
      ],
    ]);
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'It said hello.' });
    await kernel.shutdown();
    expect(pluginRegistry.isInitialized('mcp-everything')).toBe(false);
  });

  it('a ToolPolicy glob on the prefixed names refuses every tool of the server', async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'everything_echo', input: { message: 'hello' } }] },
      { text: 'refused' },
    ]);
    const pluginRegistry = new PluginRegistry();
    pluginRegistry.register(
      mcpPlugin({
        name: 'everything',
        server: {
          command: process.execPath,
          args: [binOf('@modelcontextprotocol/server-everything'), 'stdio'],
        },
      }),
    );
    const policyEngine = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['everything_*'], decision: 'deny', reason: 'not in production' }),
    );
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }), pluginRegistry, policyEngine });
    const handle = await kernel.execute({ prompt: 'Echo hello', scopeId: 'tenant-123' });
    const denied: unknown[] = [];
    for await (const event of handle.events())
      if (event.type === 'tool.error') denied.push(event.data.denied);
    expect(denied).toEqual([true]);
    await kernel.shutdown();
  });

  it("approvals: approval: 'unless-read-only'", async () => {
    const root = workDir;
    await writeFile(join(root, 'in.txt'), 'notes');
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'files_read_text_file', input: { path: join(root, 'in.txt') } }] },
      { toolCalls: [{ toolName: 'files_write_file', input: { path: join(root, 'out.txt'), content: 'x' } }] },
      { text: 'could not write' },
    ]);
    const files = mcpPlugin({
      name: 'files',
      server: {
        command: process.execPath,
        args: [binOf('@modelcontextprotocol/server-filesystem'), root],
        cwd: root,
      },
      // the default: files_read_text_file runs at once, files_write_file asks
      approval: 'unless-read-only',
    });
    const pluginRegistry = new PluginRegistry();
    pluginRegistry.register(files);
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }), pluginRegistry });
    const handle = await kernel.execute({ prompt: 'Copy in.txt to out.txt', scopeId: 'tenant-123' });

    const asked: unknown[] = [];
    for await (const event of handle.events()) {
      if (event.type !== 'action.required') continue; // { actionType: 'approval', toolCallId, payload: { toolName: 'files_write_file', … } }
      asked.push((event.data.payload as { toolName: string }).toolName);
      await kernel.actions.resolve({
        resumeToken: event.data.resumeToken,
        resolution: { approved: false, reason: 'not today' },
      });
    }
    expect(asked).toEqual(['files_write_file']);
    expect(existsSync(join(root, 'out.txt'))).toBe(false);
    expect(JSON.stringify(model.doStreamCalls[2]?.prompt)).toContain('approval rejected: not today');
    await kernel.shutdown();
  });

  it('a server over Streamable HTTP', async () => {
    const apiKey = 'secret';
    const server = await startHttpMcpServer((mcp) =>
      mcp.registerTool(
        'echo',
        { description: 'Echoes', inputSchema: { message: z.string() }, annotations: { readOnlyHint: true } },
        ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }),
      ),
    );
    try {
      const web = mcpPlugin({
        name: 'web',
        server: { url: server.url, headers: { authorization: `Bearer ${apiKey}` } },
      });
      const model = scriptedModel([
        { toolCalls: [{ toolName: 'web_echo', input: { message: 'hello' } }] },
        { text: 'It said hello.' },
      ]);
      const pluginRegistry = new PluginRegistry();
      pluginRegistry.register(web);
      const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }), pluginRegistry });
      const handle = await kernel.execute({ prompt: 'Echo hello', scopeId: 'tenant-123' });
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'It said hello.' });
      expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain('Echo: hello');
      await kernel.shutdown();
    } finally {
      await server.close();
    }
  });
});
