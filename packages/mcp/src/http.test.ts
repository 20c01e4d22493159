import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpInitializationError, mcpPlugin } from './index';
import { startHttpMcpServer } from './test-support/http-mcp-server';
import { collectEvents, mcpKernel, promptOf } from './test-support/mcp-kernel';

let server: Awaited<ReturnType<typeof startHttpMcpServer>>;
beforeAll(async () => {
  server = await startHttpMcpServer((mcp) =>
    mcp.registerTool(
      'echo',
      {
        description: 'Echoes back the input',
        inputSchema: { message: z.string() },
        annotations: { readOnlyHint: true },
      },
      ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }),
    ),
  );
});
afterAll(() => server.close());

describe('an MCP server over Streamable HTTP', () => {
  it('the same job: the kernel calls the tool over HTTP and the model gets its result', async () => {
    const plugin = mcpPlugin({
      name: 'web',
      server: { url: server.url, headers: { authorization: 'Bearer test-key' } },
    });
    const { kernel, model } = mcpKernel(
      [{ toolCalls: [{ toolName: 'web_echo', input: { message: 'over http' } }] }, { text: 'heard it' }],
      [plugin],
    );
    try {
      const handle = await kernel.execute({ prompt: 'Use the tools', scopeId: 'tenant-1' });
      const events = await collectEvents(kernel, handle);
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'heard it' });
      expect(promptOf(model, 1)).toContain('Echo: over http');
      expect(events.find((e) => e.type === 'tool.end')?.data).toMatchObject({
        toolName: 'web_echo',
        output: 'Echo: over http',
        toolMetadata: { mcpServer: 'web', mcpTool: 'echo' },
      });
      const usage = await kernel.ledger.writer.listEvents({ jobId: handle.jobId, eventType: 'tool_usage' });
      expect(usage.map((e) => e.metadata.toolName)).toEqual(['web_echo']);
      expect(server.requestHeaders.length).toBeGreaterThan(0);
      expect(server.requestHeaders.every((h) => h.authorization === 'Bearer test-key')).toBe(true);
    } finally {
      await kernel.shutdown();
    }
  });

  it('a URL nothing listens on fails initialization with a typed error naming the server', async () => {
    const closed = await startHttpMcpServer(() => {});
    await closed.close();
    const plugin = mcpPlugin({ name: 'nowhere', server: { url: closed.url }, timeoutSeconds: 5 });
    const error = await plugin.initialize().catch((e: unknown) => e);
    expect(McpInitializationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ serverName: 'nowhere' });
  });
});
