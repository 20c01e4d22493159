// A kernel in a process of its own, for the cross-process tests: `run` executes a job, `attach` observes one,
// `serve` streams a job's events over HTTP (SSE). Each prints one JSON line per milestone on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { SSE_HEADERS, sseStream } from '@agent-runtime/events';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { z } from 'zod';
import { defineTool, type ExecutionHandle, RuntimeKernel } from '../../index';

const [mode, url, schema, arg] = process.argv.slice(2) as [string, string, string, string];
const pool = new pg.Pool({ connectionString: url, max: 5 });
const { migrate, ...stores } = createPostgresStores(pool, { schema });
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const lookup = defineTool({
  name: 'lookup',
  description: 'looks a word up',
  inputSchema: z.object({ word: z.string() }),
  execute: async ({ word }) => ({ word, meaning: `the meaning of ${word}` }),
});

/** A job of two model steps (a tool call, then `words` streamed words), slow enough to join midway. */
function kernelFor(words: number): RuntimeKernel {
  const text = Array.from({ length: words }, (_, i) => `word${i}`).join(' ');
  const steps = [{ toolCalls: [{ toolName: 'lookup', input: { word: 'durable' } }] }, { text }];
  const model = scriptedModel(words === 0 ? [] : steps, { chunkDelayMs: 15 });
  return RuntimeKernel.create({
    agent: aiSdkDriver({ model, middleware: 'none' }),
    ...stores,
    tools: [lookup],
  });
}

async function report(handle: ExecutionHandle): Promise<void> {
  const events = [];
  for await (const event of handle.events()) events.push(event.toJSON());
  say({ events, result: await handle.result() });
}

async function main(): Promise<void> {
  await migrate();
  if (mode === 'run') {
    const kernel = kernelFor(Number(arg));
    const handle = await kernel.execute({ prompt: 'define durable', scopeId: 'tenant-x' });
    say({ jobId: handle.jobId });
    await report(handle);
    await kernel.shutdown();
  } else if (mode === 'attach') {
    await report(await kernelFor(0).attach(arg));
  } else if (mode === 'serve') {
    await serve(Number(arg));
    return;
  }
  await pool.end();
}

/** GET /jobs/:jobId/events: the job's SSE stream from the shared log, resumable by Last-Event-ID. */
function serve(port: number): Promise<void> {
  const server = createServer(async (req, res) => {
    const jobId = /^\/jobs\/([^/]+)\/events$/.exec(req.url ?? '')?.[1];
    if (!jobId) return void res.writeHead(404).end();
    const disconnected = new AbortController();
    res.on('close', () => disconnected.abort());
    res.writeHead(200, SSE_HEADERS);
    const lastEventId = req.headers['last-event-id'] as string | undefined;
    for await (const frame of sseStream(stores.eventLog, jobId, { lastEventId, signal: disconnected.signal }))
      res.write(frame);
    res.end();
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => {
      say({ port: (server.address() as AddressInfo).port });
      resolve();
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
