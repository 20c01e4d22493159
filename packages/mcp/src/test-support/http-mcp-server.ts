import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/**
 * A Streamable HTTP MCP server built from the SDK's own server classes, on 127.0.0.1 and a random port.
 * Stateless: every request gets a fresh McpServer with the tools `register` adds. Records each request's headers.
 * `port` restarts a server where a stopped one listened.
 */
export async function startHttpMcpServer(register: (server: McpServer) => void, port = 0) {
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
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const address = http.address() as AddressInfo;
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}/mcp`,
    requestHeaders,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
