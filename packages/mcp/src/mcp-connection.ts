import { systemClock } from '@agent-runtime/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpInitializationError } from './mcp-initialization-error';
import type { ParsedMcpPluginOptions } from './mcp-plugin-options';
import { McpServerUnavailableError } from './mcp-server-unavailable-error';
import { openTransport } from './mcp-transport';
import { reconnectDelayMs } from './reconnect-backoff';

const CLIENT_INFO = { name: 'agent-runtime', version: '0.1.0' };

export interface McpConnectionHooks {
  /** The server sent `notifications/tools/list_changed`, or a reconnect may have changed its tools. */
  onToolsChanged(): void;
}

/**
 * The plugin's link to one MCP server. When the connection is lost (the child exited, the transport closed or a
 * request failed below MCP), it reconnects in the background: up to `maxReconnects` attempts with backoff.
 * Calls made meanwhile wait for it; when a round fails they fail, and the next call starts a new round.
 */
export class McpConnection {
  private live: Client | undefined;
  private pending: Promise<Client> | undefined;
  private roundFailed = false;
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  constructor(
    private readonly options: ParsedMcpPluginOptions,
    private readonly hooks: McpConnectionHooks,
  ) {}

  /** Connects for the first time; throws McpInitializationError naming the server. */
  async open(): Promise<Client> {
    const client = await this.connect();
    this.pending = Promise.resolve(client);
    return client;
  }

  /** The connected client, waiting for a reconnect in progress; throws McpServerUnavailableError. */
  async client(toolName: string, signal: AbortSignal): Promise<Client> {
    if (this.closed || this.pending === undefined)
      throw this.unavailable(toolName, 'the plugin is shut down');
    if (this.roundFailed) this.startRound();
    try {
      return await untilAborted(this.pending, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw this.unavailable(toolName, error instanceof Error ? error.message : String(error), error);
    }
  }

  /** The connection of `client` is gone: reconnect, unless that already happened or the plugin is closing. */
  lost(client: Client): void {
    if (this.closed || client !== this.live) return;
    this.live = undefined;
    client.close().catch(() => {});
    this.startRound();
  }

  /** Ends an HTTP session (DELETE), then closes the client; a stdio child gets stdin closed, SIGTERM, SIGKILL. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.live;
    this.live = undefined;
    if (client?.transport instanceof StreamableHTTPClientTransport)
      await client.transport.terminateSession().catch(() => {});
    await client?.close();
  }

  private startRound(): void {
    this.roundFailed = false;
    this.pending = this.reconnect();
    this.pending.catch(() => {
      this.roundFailed = true;
    });
  }

  private async reconnect(): Promise<Client> {
    let lastError: unknown = new Error('reconnecting is disabled (maxReconnects: 0)');
    for (let attempt = 1; attempt <= this.options.maxReconnects; attempt++) {
      await systemClock.sleep(reconnectDelayMs(attempt));
      if (this.closed) break;
      try {
        const client = await this.connect();
        this.hooks.onToolsChanged();
        return client;
      } catch (error) {
        lastError = error;
      }
    }
    if (this.closed) throw new Error('the plugin is shut down');
    throw new Error(`${this.options.maxReconnects} reconnect attempts failed: ${messageOf(lastError)}`, {
      cause: lastError,
    });
  }

  private async connect(): Promise<Client> {
    const { transport, stderrTail } = openTransport(this.options.server);
    const client = new Client(CLIENT_INFO, {
      listChanged: {
        tools: { autoRefresh: false, debounceMs: 0, onChanged: () => this.hooks.onToolsChanged() },
      },
    });
    client.onclose = () => this.lost(client);
    try {
      await client.connect(transport, { timeout: this.options.timeoutSeconds * 1000 });
    } catch (cause) {
      await client.close().catch(() => {});
      const stderr = stderrTail();
      const reason = `${messageOf(cause)}${stderr ? ` (stderr: ${stderr})` : ''}`;
      throw new McpInitializationError({ serverName: this.options.name, reason, cause });
    }
    if (this.closed) {
      await client.close();
      throw new Error('the plugin is shut down');
    }
    this.live = client;
    return client;
  }

  private unavailable(toolName: string, reason: string, cause?: unknown): McpServerUnavailableError {
    return new McpServerUnavailableError({
      serverName: this.options.name,
      toolName,
      message: `MCP server ${this.options.name} is unavailable: ${reason}`,
      cause,
    });
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
