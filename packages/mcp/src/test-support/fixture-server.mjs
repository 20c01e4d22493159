// A tiny MCP server over stdio for deterministic tests: slow, failing, image and audio tools, and a tool that adds
// another at runtime (tools/list_changed). With FIXTURE_LOG set, it appends what happens to that file; while
// the file FIXTURE_REFUSE exists it exits at startup (a server that cannot be restarted).
import { appendFileSync, existsSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const log = (line) => {
  if (process.env.FIXTURE_LOG) appendFileSync(process.env.FIXTURE_LOG, `${line}\n`);
};
const text = (value) => ({ content: [{ type: 'text', text: value }] });
if (process.env.FIXTURE_REFUSE && existsSync(process.env.FIXTURE_REFUSE)) {
  log('refused to start');
  process.exit(3);
}
const server = new McpServer({ name: 'fixture', version: '1.0.0' });

server.registerTool(
  'ns.ping',
  { description: 'A dotted tool name', annotations: { readOnlyHint: true } },
  () => text('pong'),
);

server.registerTool(
  'slow',
  {
    description: 'Answers after `ms` milliseconds',
    inputSchema: { ms: z.number().int().min(0) },
    annotations: { readOnlyHint: true },
  },
  ({ ms }, extra) =>
    new Promise((resolve) => {
      log(`start slow pid=${process.pid}`);
      const timer = setTimeout(() => {
        log('end slow');
        resolve(text(`slept ${ms} ms`));
      }, ms);
      extra.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        log('cancelled slow');
      });
    }),
);

server.registerTool(
  'fail',
  { description: 'Always reports an error', annotations: { readOnlyHint: true } },
  () => ({ ...text('the disk is full'), isError: true }),
);

server.registerTool(
  'picture',
  { description: 'Returns a 1x1 PNG and its size', annotations: { readOnlyHint: true } },
  () => ({
    content: [
      { type: 'text', text: 'a red dot' },
      {
        type: 'image',
        mimeType: 'image/png',
        data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      },
    ],
    structuredContent: { width: 1, height: 1 },
  }),
);

server.registerTool(
  'beep',
  { description: 'Returns a short WAV', annotations: { readOnlyHint: true } },
  () => ({
    content: [
      {
        type: 'audio',
        mimeType: 'audio/wav',
        data: 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=',
      },
    ],
  }),
);

server.registerTool(
  'add_tool',
  { description: 'Adds the tool `late` (the server sends tools/list_changed)' },
  () => {
    server.registerTool(
      'late',
      { description: 'Added at runtime', annotations: { readOnlyHint: true } },
      () => text('late answer'),
    );
    return text('added');
  },
);

await server.connect(new StdioServerTransport());
log(`ready pid=${process.pid}`);
