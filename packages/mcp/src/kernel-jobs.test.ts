import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PolicyEngine, ToolPolicy } from '@agent-runtime/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpPlugin } from './index';
import { collectEvents, dataOf, mcpKernel, promptOf } from './test-support/mcp-kernel';
import { everythingServer, filesystemServer, fixtureServer, tempDir } from './test-support/servers';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.remove());

const request = { prompt: 'Use the tools', scopeId: 'tenant-1' };

describe('a kernel job with server-everything over stdio', () => {
  it('calls an MCP tool, sees its result, and passes every gate (events, ledger)', async () => {
    const { kernel, model } = mcpKernel(
      [
        { toolCalls: [{ toolName: 'everything_echo', input: { message: 'hello' } }] },
        { text: 'The server said hello back.' },
      ],
      [mcpPlugin({ name: 'everything', server: everythingServer(dir.path) })],
    );
    try {
      const handle = await kernel.execute(request);
      const events = await collectEvents(kernel, handle);
      expect(await handle.result()).toMatchObject({
        status: 'succeeded',
        content: 'The server said hello back.',
      });
      expect(promptOf(model, 1)).toContain('Echo: hello');
      const toolEvents = events.filter((e) => e.type.startsWith('tool.'));
      expect(toolEvents.map((e) => [e.type, dataOf(e).toolName, dataOf(e).toolMetadata])).toEqual([
        [
          'tool.start',
          'everything_echo',
          expect.objectContaining({ mcpServer: 'everything', mcpTool: 'echo' }),
        ],
        [
          'tool.end',
          'everything_echo',
          expect.objectContaining({ mcpServer: 'everything', mcpTool: 'echo' }),
        ],
      ]);
      expect(toolEvents[1] && dataOf(toolEvents[1]).output).toBe('Echo: hello');
      const usage = await kernel.ledger.writer.listEvents({ jobId: handle.jobId, eventType: 'tool_usage' });
      expect(usage.map((e) => e.metadata.toolName)).toEqual(['everything_echo']);
    } finally {
      await kernel.shutdown();
    }
  });

  it('a deny ToolPolicy on everything_* refuses the call: the model is told, the tool never runs', async () => {
    const policy = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['everything_*'], decision: 'deny', reason: 'no test servers' }),
    );
    const { kernel, model } = mcpKernel(
      [{ toolCalls: [{ toolName: 'everything_echo', input: { message: 'hello' } }] }, { text: 'refused' }],
      [mcpPlugin({ name: 'everything', server: everythingServer(dir.path) })],
      policy,
    );
    try {
      const handle = await kernel.execute(request);
      const events = await collectEvents(kernel, handle);
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'refused' });
      expect(events.filter((e) => e.type.startsWith('tool.')).map((e) => [e.type, dataOf(e).denied])).toEqual(
        [['tool.error', true]],
      );
      expect(events.find((e) => e.type === 'tool.error')?.data.toolMetadata).toMatchObject({
        mcpServer: 'everything',
      });
      expect(promptOf(model, 1)).toContain('no test servers');
      expect(promptOf(model, 1)).not.toContain('Echo: hello');
      expect(await kernel.ledger.writer.listEvents({ jobId: handle.jobId, eventType: 'tool_usage' })).toEqual(
        [],
      );
    } finally {
      await kernel.shutdown();
    }
  });
});

describe('images in MCP results become artifacts (server-everything get-tiny-image)', () => {
  it('result.artifacts holds the PNG, artifact.created is emitted, the model gets a text reference', async () => {
    const { kernel, model } = mcpKernel(
      [{ toolCalls: [{ toolName: 'everything_get-tiny-image', input: {} }] }, { text: 'I see the logo.' }],
      [mcpPlugin({ name: 'everything', server: everythingServer(dir.path) })],
    );
    try {
      const handle = await kernel.execute(request);
      const events = await collectEvents(kernel, handle);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'succeeded', content: 'I see the logo.' });
      expect(result.artifacts).toHaveLength(1);
      const [image] = result.artifacts;
      expect(image).toMatchObject({
        name: 'everything_get-tiny-image-image-1',
        mimeType: 'image/png',
        metadata: { mcpServer: 'everything', encoding: 'base64', byteLength: expect.any(Number) },
      });
      const base64 = String(image?.content);
      const png = Buffer.from(base64, 'base64');
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(image?.metadata?.byteLength).toBe(png.length);
      const created = events.filter((e) => e.type === 'artifact.created');
      expect(created.map((e) => e.data.artifactId)).toEqual([image?.artifactId]);
      const reference = `[image image/png, ${png.length} bytes, stored as artifact ${image?.artifactId}]`;
      expect(events.find((e) => e.type === 'tool.end')?.data.output).toBe(
        `Here's the image you requested:\n${reference}\nThe image above is the MCP logo.`,
      );
      expect(promptOf(model, 1)).toContain(reference);
      expect(promptOf(model, 1)).not.toContain(base64.slice(0, 64));
    } finally {
      await kernel.shutdown();
    }
  });
});

describe('input and approval functions (server-everything)', () => {
  it('input that fails the tool’s JSON Schema is told to the model; the server is not called', async () => {
    const { kernel, model } = mcpKernel(
      [{ toolCalls: [{ toolName: 'everything_get-sum', input: { a: 'one' } }] }, { text: 'fixed' }],
      [mcpPlugin({ name: 'everything', server: everythingServer(dir.path) })],
    );
    try {
      const handle = await kernel.execute(request);
      const events = await collectEvents(kernel, handle);
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'fixed' });
      expect(
        events.filter((e) => e.type.startsWith('tool.')).map((e) => [e.type, dataOf(e).error]),
      ).toMatchObject([['tool.error', { name: 'ValidationError' }]]);
      expect(promptOf(model, 1)).toContain('/a must be number');
    } finally {
      await kernel.shutdown();
    }
  });

  it('an approval function decides per call: true asks', async () => {
    const { kernel } = mcpKernel(
      [
        { toolCalls: [{ toolName: 'everything_echo', input: { message: 'hi' } }] },
        { toolCalls: [{ toolName: 'everything_get-sum', input: { a: 1, b: 2 } }] },
        { text: 'done' },
      ],
      [
        mcpPlugin({
          name: 'everything',
          server: everythingServer(dir.path),
          approval: (tool, input) => tool.name === 'get-sum' && input.a === 1,
        }),
      ],
    );
    try {
      const handle = await kernel.execute(request);
      const asked: unknown[] = [];
      const events = await collectEvents(kernel, handle, (event) => {
        asked.push((event.data.payload as { toolName: string }).toolName);
        return { approved: true };
      });
      expect(asked).toEqual(['everything_get-sum']);
      expect(events.filter((e) => e.type === 'tool.end').map((e) => e.data.toolName)).toEqual([
        'everything_echo',
        'everything_get-sum',
      ]);
    } finally {
      await kernel.shutdown();
    }
  });
});

describe("approval: 'unless-read-only' with server-filesystem", () => {
  const steps = (root: string) => [
    { toolCalls: [{ toolName: 'files_read_text_file', input: { path: join(root, 'in.txt') } }] },
    {
      toolCalls: [
        { toolName: 'files_write_file', input: { path: join(root, 'out.txt'), content: 'written' } },
      ],
    },
    { text: 'done' },
  ];

  it('reads without asking, asks before write_file, and a rejected approval never writes', async () => {
    await writeFile(join(dir.path, 'in.txt'), 'input text');
    const { kernel, model } = mcpKernel(steps(dir.path), [
      mcpPlugin({ name: 'files', server: filesystemServer(dir.path) }),
    ]);
    try {
      const handle = await kernel.execute(request);
      const asked: unknown[] = [];
      const events = await collectEvents(kernel, handle, (event) => {
        asked.push(event.data.payload);
        return { approved: false, reason: 'not today' };
      });
      expect(asked).toEqual([
        expect.objectContaining({ toolName: 'files_write_file', mcpServer: 'files', mcpTool: 'write_file' }),
      ]);
      const required = events.find((e) => e.type === 'action.required');
      expect(required?.data).toMatchObject({ actionType: 'approval', toolCallId: 'call-2-1' });
      expect(promptOf(model, 1)).toContain('input text');
      expect(promptOf(model, 2)).toContain('approval rejected: not today');
      expect(events.find((e) => e.type === 'tool.error')?.data.error).toMatchObject({
        code: 'MCP_APPROVAL_REJECTED',
      });
      expect(existsSync(join(dir.path, 'out.txt'))).toBe(false);
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'done' });
    } finally {
      await kernel.shutdown();
    }
  });

  it('a cancelled approval never writes either: the model is told it was not given', async () => {
    await writeFile(join(dir.path, 'in.txt'), 'input text');
    const out = join(dir.path, 'out.txt');
    const { kernel, model } = mcpKernel(steps(dir.path), [
      mcpPlugin({ name: 'files', server: filesystemServer(dir.path) }),
    ]);
    try {
      const handle = await kernel.execute(request);
      for await (const event of handle.events())
        if (event.type === 'action.required') await kernel.actions.cancel(event.data.actionId as string);
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'done' });
      expect(promptOf(model, 2)).toContain('approval not given');
      expect(existsSync(out)).toBe(false);
    } finally {
      await kernel.shutdown();
    }
  });

  it('an approved write_file runs', async () => {
    await writeFile(join(dir.path, 'in.txt'), 'input text');
    const { kernel } = mcpKernel(steps(dir.path), [
      mcpPlugin({ name: 'files', server: filesystemServer(dir.path) }),
    ]);
    try {
      const handle = await kernel.execute(request);
      await collectEvents(kernel, handle, () => ({ approved: true }));
      expect(await readFile(join(dir.path, 'out.txt'), 'utf8')).toBe('written');
    } finally {
      await kernel.shutdown();
    }
  });
});

describe('tools/list_changed inside a job (fixture server)', () => {
  it('a tool the server adds during the job is offered and runs at the next step', async () => {
    const { kernel, model } = mcpKernel(
      [
        { toolCalls: [{ toolName: 'fixture_add_tool', input: {} }] },
        { toolCalls: [{ toolName: 'fixture_late', input: {} }] },
        { text: 'used it' },
      ],
      [
        mcpPlugin({
          name: 'fixture',
          server: fixtureServer(dir.path, join(dir.path, 'grow.log')),
          approval: 'never',
        }),
      ],
    );
    try {
      const handle = await kernel.execute(request);
      const events = await collectEvents(kernel, handle);
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'used it' });
      const offered = model.doStreamCalls.map((call) => (call.tools ?? []).map((t) => t.name));
      expect(offered[0]).not.toContain('fixture_late');
      expect(offered[1]).toContain('fixture_late');
      expect(events.filter((e) => e.type === 'tool.end').map((e) => e.data.output)).toEqual([
        'added',
        'late answer',
      ]);
    } finally {
      await kernel.shutdown();
    }
  });
});

describe('cancellation and timeout (fixture server)', () => {
  it('cancelling the job sends the MCP cancel notification to the server', async () => {
    const log = join(dir.path, 'cancel.log');
    const { kernel } = mcpKernel(
      [{ toolCalls: [{ toolName: 'fixture_slow', input: { ms: 30_000 } }] }, { text: 'never' }],
      [mcpPlugin({ name: 'fixture', server: fixtureServer(dir.path, log) })],
    );
    try {
      const handle = await kernel.execute(request);
      for await (const event of handle.events()) if (event.type === 'tool.start') break;
      await expect.poll(() => readLog(log), { timeout: 5_000 }).toContain('start slow');
      await handle.cancel('user stopped it');
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
      await expect.poll(() => readLog(log), { timeout: 5_000 }).toContain('cancelled slow');
      expect(await readLog(log)).not.toContain('end slow');
    } finally {
      await kernel.shutdown();
    }
  });

  it('timeoutSeconds aborts the call (the server is told) and the model gets a typed tool error', async () => {
    const log = join(dir.path, 'timeout.log');
    const { kernel, model } = mcpKernel(
      [{ toolCalls: [{ toolName: 'fixture_slow', input: { ms: 30_000 } }] }, { text: 'gave up' }],
      [mcpPlugin({ name: 'fixture', server: fixtureServer(dir.path, log), timeoutSeconds: 5 })],
    );
    try {
      const handle = await kernel.execute(request);
      const events = await collectEvents(kernel, handle);
      expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'gave up' });
      expect(events.find((e) => e.type === 'tool.error')?.data.error).toMatchObject({
        name: 'McpToolTimeoutError',
        code: 'MCP_TOOL_TIMEOUT',
      });
      expect(promptOf(model, 1)).toContain('did not answer within 5 s');
      await expect.poll(() => readLog(log), { timeout: 5_000 }).toContain('cancelled slow');
    } finally {
      await kernel.shutdown();
    }
  });
});

async function readLog(file: string): Promise<string> {
  return existsSync(file) ? readFile(file, 'utf8') : '';
}
