import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { expect, it } from 'vitest';
import { listAllTools } from './list-all-tools';

/** A low-level SDK server that lists `total` tools, `pageSize` per page, with cursors. */
async function pagingClient(total: number, pageSize: number, endless = false) {
  const server = new Server({ name: 'pages', version: '1.0.0' }, { capabilities: { tools: {} } });
  const cursors: (string | undefined)[] = [];
  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    cursors.push(request.params?.cursor);
    const start = Number(request.params?.cursor ?? 0);
    const tools = Array.from({ length: Math.min(pageSize, total - start) }, (_, i) => ({
      name: `tool_${start + i}`,
      inputSchema: { type: 'object' as const },
    }));
    const next = start + pageSize;
    return { tools, ...(endless || next < total ? { nextCursor: String(endless ? 0 : next) } : {}) };
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, cursors };
}

it('follows nextCursor until the last page', async () => {
  const { client, cursors } = await pagingClient(7, 3);
  const tools = await listAllTools(client, 5_000);
  expect(tools.map((t) => t.name)).toEqual(Array.from({ length: 7 }, (_, i) => `tool_${i}`));
  expect(cursors).toEqual([undefined, '3', '6']);
  await client.close();
});

it('stops a server that never stops paging', async () => {
  const { client, cursors } = await pagingClient(2, 2, true);
  await expect(listAllTools(client, 5_000)).rejects.toThrow('tools/list returned more than 100 pages');
  expect(cursors).toHaveLength(100);
  await client.close();
});
