import { functionSchema, parseInput, type ToolContext } from '@agent-runtime/core';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** A server the plugin spawns and talks to over stdin/stdout. */
export interface McpStdioServer {
  command: string;
  args?: string[];
  /** Added to a minimal inherited environment (PATH, HOME, …), as the MCP SDK does. */
  env?: Record<string, string>;
  cwd?: string;
}

/** A server the plugin reaches over Streamable HTTP. */
export interface McpHttpServer {
  url: string;
  /** Sent with every request (e.g. `Authorization`). */
  headers?: Record<string, string>;
}

/** Decides, per call, whether to ask a human first; `true` asks. */
export type McpApprovalFunction = (
  tool: Tool,
  input: Record<string, unknown>,
  toolContext: ToolContext,
) => boolean | Promise<boolean>;

export type McpApproval = 'always' | 'never' | 'unless-read-only' | McpApprovalFunction;

export interface McpPluginOptions {
  /**
   * The server's name (lower-case letters, digits, `_`, `-`): the default tool-name prefix, `mcpServer` in
   * every tool event and the plugin's name (`mcp-<name>`).
   */
  name: string;
  server: McpStdioServer | McpHttpServer;
  /** Globs over the server's own tool names (`read_*`); a tool is offered when it matches `allow` (if given) and no `deny`. */
  tools?: { allow?: string[]; deny?: string[] };
  /**
   * Put before every tool name (provider tool names allow only `[a-zA-Z0-9_-]`, so no dots).
   * @default `${name}_`
   */
  toolNamePrefix?: string;
  /**
   * When a call asks a human first (an `approval` action bound to the tool call): `'unless-read-only'` runs
   * tools annotated `readOnlyHint: true` without asking and asks for any other.
   * @default 'unless-read-only'
   */
  approval?: McpApproval;
  /**
   * Limit of each request to the server (initialize, list, each tool call); a call past it is cancelled.
   * @default 60
   */
  timeoutSeconds?: number;
  /**
   * Restart attempts (stdio) or reconnect attempts (HTTP) after the connection is lost, with exponential
   * backoff from 100 ms to 5 s; 0 never reconnects.
   * @default 3
   */
  maxReconnects?: number;
}

const environment = z.record(z.string(), z.string());
const glob = z.array(z.string().min(1));
const approvalFunction = functionSchema<McpApprovalFunction>();

const stdioServer = z.strictObject({
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: environment.optional(),
  cwd: z.string().min(1).optional(),
});
const httpServer = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  headers: environment.optional(),
});

export const mcpPluginOptionsSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, 'must be 1-48 lower-case letters, digits, _ or -'),
  server: z.union([stdioServer, httpServer]),
  tools: z.strictObject({ allow: glob.optional(), deny: glob.optional() }).default({}),
  toolNamePrefix: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{0,48}$/, 'must be at most 48 letters, digits, _ or -')
    .optional(),
  approval: z
    .union([z.enum(['always', 'never', 'unless-read-only']), approvalFunction])
    .default('unless-read-only'),
  timeoutSeconds: z.number().positive().max(86_400).default(60),
  maxReconnects: z.number().int().min(0).max(100).default(3),
});

export type ParsedMcpPluginOptions = z.output<typeof mcpPluginOptionsSchema> & { toolNamePrefix: string };

/** Validated options with defaults; throws ValidationError naming the field (`options.server.command`). */
export function parseMcpPluginOptions(options: McpPluginOptions): ParsedMcpPluginOptions {
  const parsed = parseInput(mcpPluginOptionsSchema, options, 'options');
  return { ...parsed, toolNamePrefix: parsed.toolNamePrefix ?? `${parsed.name}_` };
}
