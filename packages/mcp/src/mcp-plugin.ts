import type { RuntimeTool } from '@agent-runtime/core';
import { type Plugin, type PluginManifest, pluginManifest } from '@agent-runtime/plugins';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { callMcpTool } from './call-mcp-tool';
import { listAllTools } from './list-all-tools';
import { McpConnection } from './mcp-connection';
import { McpInitializationError } from './mcp-initialization-error';
import {
  type McpPluginOptions,
  type ParsedMcpPluginOptions,
  parseMcpPluginOptions,
} from './mcp-plugin-options';
import { toRuntimeTool } from './to-runtime-tool';
import { toolFilter } from './tool-filter';

/**
 * A Plugin whose tools are an MCP server's tools. `initialize()` connects (spawning a stdio server) and lists
 * them; `getTools()` returns the current list, refreshed when the server sends `tools/list_changed` or after
 * a reconnect; `shutdown()` closes the client and the child process.
 */
export class McpPlugin implements Plugin {
  readonly manifest: PluginManifest;
  private readonly options: ParsedMcpPluginOptions;
  private readonly offered: (name: string) => boolean;
  private connection: McpConnection | undefined;
  private tools: readonly RuntimeTool[] = [];
  private mcpTools: readonly Tool[] = [];
  private starting: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private changedWhileRefreshing = false;

  constructor(options: McpPluginOptions) {
    this.options = parseMcpPluginOptions(options);
    this.offered = toolFilter(this.options.tools);
    this.manifest = pluginManifest({
      name: `mcp-${this.options.name}`,
      version: '0.1.0',
      type: 'tools',
      description: `Tools of the MCP server ${this.options.name}`,
      capabilities: ['mcp'],
    });
  }

  get serverName(): string {
    return this.options.name;
  }

  /** The server's tools as it listed them (after `tools.allow` / `tools.deny`), with their annotations. */
  listMcpTools(): readonly Tool[] {
    return this.mcpTools;
  }

  /** Connects and lists the tools; once (concurrent calls share it), again after a failure or a shutdown. */
  initialize(): Promise<void> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async start(): Promise<void> {
    const connection = new McpConnection(this.options, { onToolsChanged: () => this.refreshInBackground() });
    await connection.open();
    try {
      await this.loadTools(connection);
    } catch (cause) {
      await connection.close();
      const reason = `listing its tools failed: ${cause instanceof Error ? cause.message : String(cause)}`;
      throw new McpInitializationError({ serverName: this.options.name, reason, cause });
    }
    this.connection = connection;
  }

  getTools(): readonly RuntimeTool[] {
    return this.tools;
  }

  /** Lists the server's tools again (what `tools/list_changed` triggers). */
  async refreshTools(): Promise<void> {
    if (this.connection === undefined) return;
    await this.loadTools(this.connection);
  }

  async shutdown(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.starting = undefined;
    this.tools = [];
    this.mcpTools = [];
    await connection?.close();
  }

  private async loadTools(connection: McpConnection): Promise<void> {
    const timeout = AbortSignal.timeout(this.options.timeoutSeconds * 1000);
    const client = await connection.client('tools/list', timeout);
    const listed = (await listAllTools(client, this.options.timeoutSeconds * 1000)).filter((tool) =>
      this.offered(tool.name),
    );
    const run = async (
      call: Parameters<typeof callMcpTool>[2],
      toolContext: Parameters<typeof callMcpTool>[3],
    ) => {
      const output = await callMcpTool(connection, this.options, call, toolContext);
      // A server announces tools a call added before answering it: the next step must already see them.
      await this.toolListSettled();
      return output;
    };
    if (connection.isClosed) return; // shut down while listing
    const serverName = this.options.name;
    this.tools = listed.map((tool) =>
      toRuntimeTool(tool, { serverName, prefix: this.options.toolNamePrefix, run }),
    );
    this.mcpTools = listed;
  }

  private async toolListSettled(): Promise<void> {
    while (this.refreshing !== undefined) await this.refreshing;
  }

  /** One refresh at a time, again after it if a change came meanwhile; a failed refresh keeps the previous list. */
  private refreshInBackground(): void {
    if (this.refreshing !== undefined) {
      this.changedWhileRefreshing = true;
      return;
    }
    this.refreshing = this.refreshTools()
      .catch(() => {})
      .finally(() => {
        this.refreshing = undefined;
        if (!this.changedWhileRefreshing) return;
        this.changedWhileRefreshing = false;
        this.refreshInBackground();
      });
  }
}

/** A Plugin contributing the tools of one MCP server (stdio or Streamable HTTP). */
export function mcpPlugin(options: McpPluginOptions): McpPlugin {
  return new McpPlugin(options);
}
