import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolExecutionError, ValidationError } from '@agent-runtime/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  McpCallError,
  McpConnectionLostError,
  McpInitializationError,
  McpToolError,
  mcpPlugin,
} from './index';
import { everythingServer, fixtureServer, tempDir } from './test-support/servers';
import { directToolContext } from './test-support/tool-context';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

const toolNamed = (plugin: ReturnType<typeof mcpPlugin>, name: string) => {
  const tool = plugin.getTools().find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
};

describe('options', () => {
  it.each([
    [{ name: 'Files', server: { command: 'node' } }, 'options.name'],
    [{ name: 'files.v2', server: { command: 'node' } }, 'options.name'],
    [{ name: 'files', server: { command: '' } }, 'options.server.command'],
    [{ name: 'files', server: { url: 'ftp://host/mcp' } }, 'options.server.url'],
    [{ name: 'files', server: { command: 'node' }, toolNamePrefix: 'files.' }, 'options.toolNamePrefix'],
    [{ name: 'files', server: { command: 'node' }, approval: 'sometimes' }, 'options.approval'],
    [{ name: 'files', server: { command: 'node' }, timeoutSeconds: 0 }, 'options.timeoutSeconds'],
    [{ name: 'files', server: { command: 'node' }, maxReconnects: 1.5 }, 'options.maxReconnects'],
    [{ name: 'files', server: { command: 'node' }, tools: { allow: 'read_*' } }, 'options.tools.allow'],
    [{ name: 'files', server: { command: 'node' }, extra: true }, 'options'],
  ])('rejects %j naming %s', (options, field) => {
    try {
      mcpPlugin(options as never);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe('server-everything over stdio', () => {
  let plugin: ReturnType<typeof mcpPlugin>;
  beforeAll(async () => {
    plugin = mcpPlugin({ name: 'everything', server: everythingServer(dir.path) });
    await plugin.initialize();
  });
  afterAll(() => plugin.shutdown());

  it('lists every tool under the prefix, keeping description and annotations', () => {
    const names = plugin.getTools().map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['everything_echo', 'everything_get-sum']));
    expect(names.every((n) => /^everything_[a-zA-Z0-9_-]+$/.test(n))).toBe(true);
    const echo = toolNamed(plugin, 'everything_echo');
    const listed = plugin.listMcpTools().find((t) => t.name === 'echo');
    expect(echo.description).toBe(listed?.description);
    expect(echo.metadata).toEqual({
      mcpServer: 'everything',
      mcpTool: 'echo',
      annotations: expect.objectContaining({ readOnlyHint: true }),
    });
    expect(plugin.manifest).toMatchObject({ name: 'mcp-everything', type: 'tools' });
  });

  it('offers the model the server’s JSON Schema and validates input with it', () => {
    const sum = toolNamed(plugin, 'everything_get-sum');
    expect(z.toJSONSchema(sum.inputSchema, { io: 'input', unrepresentable: 'any' })).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    });
    expect(sum.inputSchema.safeParse({ a: 1, b: 2 }).success).toBe(true);
    const bad = sum.inputSchema.safeParse({ a: 'one' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(['/a must be number', "(input) must have required property 'b'"]),
    );
  });

  it('maps text and structured content', async () => {
    const context = directToolContext();
    expect(await toolNamed(plugin, 'everything_echo').execute({ message: 'hi' }, context)).toBe('Echo: hi');
    const weather = await toolNamed(plugin, 'everything_get-structured-content').execute(
      { location: 'Chicago' },
      context,
    );
    expect(weather).toMatchObject({
      content: [{ type: 'text' }],
      structuredContent: { temperature: expect.any(Number), conditions: expect.any(String) },
    });
  });
});

describe('the fixture server', () => {
  it('allow / deny filter the server’s own tool names; isError maps to an McpToolError, images and audio to artifacts', async () => {
    const log = join(dir.path, 'filter.log');
    const plugin = mcpPlugin({
      name: 'fixture',
      server: fixtureServer(dir.path, log),
      tools: { allow: ['*'], deny: ['slow', 'add_*'] },
      toolNamePrefix: 'fx_',
    });
    await plugin.initialize();
    try {
      expect(plugin.getTools().map((t) => t.name)).toEqual([
        'fx_ns_ping',
        'fx_fail',
        'fx_picture',
        'fx_beep',
      ]);
      expect(toolNamed(plugin, 'fx_ns_ping').metadata).toMatchObject({ mcpTool: 'ns.ping' });
      expect(await toolNamed(plugin, 'fx_ns_ping').execute({}, directToolContext())).toBe('pong');
      const context = directToolContext();
      const failed = await Promise.resolve(toolNamed(plugin, 'fx_fail').execute({}, context)).catch(
        (e: unknown) => e,
      );
      expect(McpToolError.isInstance(failed)).toBe(true);
      expect(McpCallError.isInstance(failed) && ToolExecutionError.isInstance(failed)).toBe(true);
      expect(McpConnectionLostError.isInstance(failed)).toBe(false);
      expect(failed).toMatchObject({
        code: 'MCP_TOOL_ERROR',
        message: 'the disk is full',
        serverName: 'fixture',
      });
      expect(await toolNamed(plugin, 'fx_picture').execute({}, context)).toEqual({
        content: [
          { type: 'text', text: 'a red dot' },
          { type: 'text', text: '[image image/png, 70 bytes, stored as artifact artifact-direct-1]' },
        ],
        structuredContent: { width: 1, height: 1 },
      });
      expect(await toolNamed(plugin, 'fx_beep').execute({}, context)).toBe(
        '[audio audio/wav, 44 bytes, stored as artifact artifact-direct-2]',
      );
      expect(context.artifacts.map((a) => [a.name, a.mimeType, a.metadata])).toEqual([
        [
          'fx_picture-image-1',
          'image/png',
          { mcpServer: 'fixture', toolName: 'fx_picture', encoding: 'base64', byteLength: 70 },
        ],
        [
          'fx_beep-audio-1',
          'audio/wav',
          { mcpServer: 'fixture', toolName: 'fx_beep', encoding: 'base64', byteLength: 44 },
        ],
      ]);
      expect(Buffer.from(context.artifacts[1]?.content as string, 'base64').toString('latin1')).toMatch(
        /^RIFF.{4}WAVE/s,
      );
    } finally {
      await plugin.shutdown();
    }
  });

  it('tools/list_changed refreshes the tool list', async () => {
    const plugin = mcpPlugin({
      name: 'fixture',
      server: fixtureServer(dir.path, join(dir.path, 'lc.log')),
      approval: 'never',
    });
    await plugin.initialize();
    try {
      expect(plugin.getTools().map((t) => t.name)).not.toContain('fixture_late');
      await toolNamed(plugin, 'fixture_add_tool').execute({}, directToolContext());
      await expect
        .poll(() => plugin.getTools().map((t) => t.name), { timeout: 5_000 })
        .toContain('fixture_late');
      expect(await toolNamed(plugin, 'fixture_late').execute({}, directToolContext())).toBe('late answer');
    } finally {
      await plugin.shutdown();
    }
  });

  it('shutdown closes the client and ends the child process', async () => {
    const log = join(dir.path, 'shutdown.log');
    const plugin = mcpPlugin({ name: 'fixture', server: fixtureServer(dir.path, log) });
    await plugin.initialize();
    const pid = Number(/ready pid=(\d+)/.exec(await readFile(log, 'utf8'))?.[1]);
    expect(isAlive(pid)).toBe(true);
    await plugin.shutdown();
    await expect.poll(() => isAlive(pid), { timeout: 5_000 }).toBe(false);
    expect(plugin.getTools()).toEqual([]);
  });
});

describe('initialization faults', () => {
  it('a server that never answers initialize fails with a typed error naming it, and is stopped', async () => {
    const pidFile = join(dir.path, 'silent.pid');
    const plugin = mcpPlugin({
      name: 'silent',
      server: {
        command: process.execPath,
        args: [
          '-e',
          `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); process.stdin.resume()`,
        ],
        env: {},
        cwd: dir.path,
      },
      timeoutSeconds: 0.5,
    });
    const error = await plugin.initialize().catch((e: unknown) => e);
    expect(McpInitializationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ serverName: 'silent', code: 'MCP_INITIALIZATION_FAILED' });
    expect((error as Error).message).toMatch(/^MCP server silent failed to initialize: .*timed out/);
    const pid = Number(await readFile(pidFile, 'utf8'));
    await expect.poll(() => isAlive(pid), { timeout: 6_000 }).toBe(false);
    expect(plugin.getTools()).toEqual([]);
  });

  it('concurrent initialize calls share one start; a failed start is tried again on the next call', async () => {
    const log = join(dir.path, 'retry.log');
    const refuse = join(dir.path, 'retry.refuse');
    await writeFile(refuse, '');
    const plugin = mcpPlugin({ name: 'fixture', server: fixtureServer(dir.path, log, refuse) });
    expect(McpInitializationError.isInstance(await plugin.initialize().catch((e: unknown) => e))).toBe(true);
    await rm(refuse);
    await Promise.all([plugin.initialize(), plugin.initialize()]);
    try {
      expect(plugin.getTools().length).toBeGreaterThan(0);
      expect([...(await readFile(log, 'utf8')).matchAll(/ready pid=/g)]).toHaveLength(1);
    } finally {
      await plugin.shutdown();
    }
  });

  it('a command that cannot start fails with a typed error naming the server', async () => {
    const plugin = mcpPlugin({ name: 'missing', server: { command: join(dir.path, 'no-such-binary') } });
    const error = await plugin.initialize().catch((e: unknown) => e);
    expect(McpInitializationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ serverName: 'missing' });
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
