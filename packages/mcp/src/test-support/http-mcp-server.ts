import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/**
 * A Streamable HTTP MCP server built from the SDK's own server classes, on 127.0.0.1 and a random port.
 * Stateless: every request gets a fresh McpServer with the tools `register` adds. Records each request's headers.
 */
export async function startHttpMcpServer(register: (server: McpServer) => void) {
  const requestHeaders: IncomingHttpHeaders[] = [];
  const http = createServer(async (req, res) => {
    requestHeaders.push(req.headers);
    const server = new McpServer({ name: 'http-fixture', version: '1.0.0' });
    register(server);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requestHeaders,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
