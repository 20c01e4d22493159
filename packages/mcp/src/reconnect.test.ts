import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpPlugin } from './index';
import { startHttpMcpServer } from './test-support/http-mcp-server';
import { collectEvents, dataOf, mcpKernel, promptOf } from './test-support/mcp-kernel';
import { fixtureServer, tempDir } from './test-support/servers';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

const request = { prompt: 'Use the tools', scopeId: 'tenant-1' };
const readLog = async (file: string) => (existsSync(file) ? readFile(file, 'utf8') : '');
const pidsIn = (log: string) => [...log.matchAll(/ready pid=(\d+)/g)].map((m) => Number(m[1]));

/** Waits until the fixture logged the start of a call, then SIGKILLs the server process that runs it. */
async function killDuringCall(log: string): Promise<number> {
  await expect.poll(() => readLog(log), { timeout: 10_000 }).toContain('start slow');
  const pid = Number(/start slow pid=(\d+)/.exec(await readLog(log))?.[1]);
  process.kill(pid, 'SIGKILL');
  return pid;
}

describe('a stdio server killed mid-call', () => {
  it('when a round of restarts fails, calls fail typed; the next call starts a new round and works', async () => {
    const log = join(dir.path, 'rounds.log');
    const refuse = join(dir.path, 'refuse');
    const { kernel } = mcpKernel(
      [
        { toolCalls: [{ toolName: 'fixture_slow', input: { ms: 30_000 } }] },
        { toolCalls: [{ toolName: 'fixture_slow', input: { ms: 10 } }] },
        { toolCalls: [{ toolName: 'fixture_slow', input: { ms: 11 } }] },
        { text: 'back' },
      ],
      [
        mcpPlugin({
          name: 'fixture',
          server: fixtureServer(dir.path, log, refuse),
          maxReconnects: 1,
          // the third call asks first, so the test can let the server start again before it runs
          approval: (_tool, input) => input.ms === 11,
        }),
      ],
    );
    try {
      const handle = await kernel.execute(request);
      const eventsDone = collectEvents(kernel, handle, () => {
        rmSync(refuse);
        return { approved: true };
      });
      await expect.poll(() => readLog(log), { timeout: 10_000 }).toContain('start slow');
      writeFileSync(refuse, '');
      await killDuringCall(log);
      const events = await eventsDone;
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'back' });
      const outcomes = events.filter((e) => e.type === 'tool.error' || e.type === 'tool.end');
      expect(outcomes.map((e) => (e.type === 'tool.end' ? e.data.output : e.data.error))).toMatchObject([
        { code: 'MCP_CONNECTION_LOST' },
        { code: 'MCP_SERVER_UNAVAILABLE', message: expect.stringContaining('1 reconnect attempts failed') },
        'slept 11 ms',
      ]);
      const text = await readLog(log);
      expect(text).toContain('refused to start');
      expect(pidsIn(text)).toHaveLength(2);
    } finally {
      await kernel.shutdown();
    }
  });

  it('fails that call with a typed tool error, restarts the server, and the next call works', async () => {
    const log = join(dir.path, 'killed.log');
    const { kernel, model } = mcpKernel(
      [
        { toolCalls: [{ toolName: 'fixture_slow', input: { ms: 30_000 } }] },
        { toolCalls: [{ toolName: 'fixture_slow', input: { ms: 10 } }] },
        { text: 'recovered' },
      ],
      [mcpPlugin({ name: 'fixture', server: fixtureServer(dir.path, log) })],
    );
    try {
      const handle = await kernel.execute(request);
      const eventsDone = collectEvents(kernel, handle);
      const killed = await killDuringCall(log);
      const events = await eventsDone;
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'recovered' });
      const toolEvents = events.filter((e) => e.type === 'tool.error' || e.type === 'tool.end');
      expect(toolEvents.map((e) => e.type)).toEqual(['tool.error', 'tool.end']);
      expect(toolEvents[0] && dataOf(toolEvents[0]).error).toMatchObject({
        name: 'McpConnectionLostError',
        code: 'MCP_CONNECTION_LOST',
      });
      expect(promptOf(model, 1)).toContain('exited or disconnected during the call');
      expect(toolEvents[1] && dataOf(toolEvents[1]).output).toBe('slept 10 ms');
      const pids = pidsIn(await readLog(log));
      expect(pids).toHaveLength(2);
      expect(pids[0]).toBe(killed);
      expect(pids[1]).not.toBe(killed);
    } finally {
      await kernel.shutdown();
    }
  });

  it('maxReconnects: 0 never restarts it: later calls fail typed, the job still ends normally', async () => {
    const log = join(dir.path, 'no-restart.log');
    const { kernel, model } = mcpKernel(
      [
        { toolCalls: [{ toolName: 'fixture_slow', input: { ms: 30_000 } }] },
        { toolCalls: [{ toolName: 'fixture_slow', input: { ms: 10 } }] },
        { text: 'server is gone' },
      ],
      [mcpPlugin({ name: 'fixture', server: fixtureServer(dir.path, log), maxReconnects: 0 })],
    );
    try {
      const handle = await kernel.execute(request);
      const eventsDone = collectEvents(kernel, handle);
      await killDuringCall(log);
      const events = await eventsDone;
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'server is gone' });
      expect(events.filter((e) => e.type === 'tool.error').map((e) => e.data.error)).toMatchObject([
        { code: 'MCP_CONNECTION_LOST' },
        { code: 'MCP_SERVER_UNAVAILABLE' },
      ]);
      expect(promptOf(model, 2)).toContain('MCP server fixture is unavailable');
      expect(pidsIn(await readLog(log))).toHaveLength(1);
    } finally {
      await kernel.shutdown();
    }
  });
});

describe('an HTTP server that goes away', () => {
  it('a failed request fails that call typed; the plugin reconnects once the server is back', async () => {
    const register = (mcp: Parameters<Parameters<typeof startHttpMcpServer>[0]>[0]) =>
      mcp.registerTool('ping', { description: 'pings', annotations: { readOnlyHint: true } }, () => ({
        content: [{ type: 'text', text: 'pong' }],
      }));
    let server = await startHttpMcpServer(register);
    const { port } = server;
    let approvals = 0;
    const { kernel } = mcpKernel(
      [
        { toolCalls: [{ toolName: 'web_ping', input: {} }] },
        { toolCalls: [{ toolName: 'web_ping', input: {} }] },
        { text: 'back' },
      ],
      [mcpPlugin({ name: 'web', server: { url: server.url }, approval: 'always' })],
    );
    try {
      const handle = await kernel.execute(request);
      // before the first call the server stops; before the second it listens again on the same port
      const events = await collectEvents(
        kernel,
        handle,
        () => ({ approved: true }),
        async () => {
          approvals += 1;
          if (approvals === 1) await server.close();
          else server = await startHttpMcpServer(register, port);
        },
      );
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'back' });
      const outcomes = events.filter((e) => e.type === 'tool.error' || e.type === 'tool.end');
      expect(outcomes.map((e) => (e.type === 'tool.end' ? e.data.output : e.data.error))).toMatchObject([
        { code: 'MCP_CONNECTION_LOST' },
        'pong',
      ]);
    } finally {
      await kernel.shutdown();
      await server.close();
    }
  });
});
