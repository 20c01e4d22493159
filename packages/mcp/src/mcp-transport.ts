import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpHttpServer, McpStdioServer } from './mcp-plugin-options';

/** How much of a stdio server's stderr is kept for error messages. */
const STDERR_TAIL_CHARS = 2_000;

export interface OpenedTransport {
  readonly transport: Transport;
  /** The last lines the server wrote to stderr (stdio only). */
  stderrTail(): string;
}

/** A fresh transport for one connection: a spawned child (stdio) or a Streamable HTTP session. */
export function openTransport(server: McpStdioServer | McpHttpServer): OpenedTransport {
  if ('url' in server) {
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: server.headers === undefined ? undefined : { headers: server.headers },
    });
    return { transport, stderrTail: () => '' };
  }
  const transport = new StdioClientTransport({ ...server, stderr: 'pipe' });
  let tail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  return { transport, stderrTail: () => tail.trim() };
}
