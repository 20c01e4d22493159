import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { McpStdioServer } from '../mcp-plugin-options';

const require = createRequire(import.meta.url);

/** The absolute path of a package's (single) bin file, from its package.json: spawned with node, never npx. */
export function binOf(packageName: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const { bin } = require(manifestPath) as { bin: string | Record<string, string> };
  const file = typeof bin === 'string' ? bin : Object.values(bin)[0];
  if (file === undefined) throw new Error(`${packageName} has no bin`);
  return join(dirname(manifestPath), file);
}

/** An explicit, minimal environment for spawned servers (the SDK adds PATH, HOME and the like). */
const SERVER_ENV = { NODE_ENV: 'test', NO_COLOR: '1' };

export function everythingServer(cwd: string): McpStdioServer {
  return {
    command: process.execPath,
    args: [binOf('@modelcontextprotocol/server-everything'), 'stdio'],
    env: SERVER_ENV,
    cwd,
  };
}

/** server-filesystem allowed to touch `root` only. */
export function filesystemServer(root: string): McpStdioServer {
  return {
    command: process.execPath,
    args: [binOf('@modelcontextprotocol/server-filesystem'), root],
    env: SERVER_ENV,
    cwd: root,
  };
}

/**
 * The in-repo fixture server (`fixture-server.mjs`); it appends what happens to `logFile` and refuses to start
 * while `refuseFile` exists.
 */
export function fixtureServer(cwd: string, logFile: string, refuseFile?: string): McpStdioServer {
  return {
    command: process.execPath,
    args: [fileURLToPath(new URL('./fixture-server.mjs', import.meta.url))],
    env: { ...SERVER_ENV, FIXTURE_LOG: logFile, ...(refuseFile ? { FIXTURE_REFUSE: refuseFile } : {}) },
    cwd,
  };
}

/** A fresh temporary directory and its removal. */
export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'agent-runtime-mcp-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
