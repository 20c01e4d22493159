import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type RuntimeEvent, RuntimeKernel } from '../index';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const schema = `ar_kernel_attach_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
const stores = createPostgresStores(pool, { schema });

beforeAll(() => stores.migrate(), 30_000);
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

/**
 * A kernel process over the sources (tsx as a loader in the one node process, so SIGKILL kills the kernel
 * itself), on this file's schema; its stdout read line by line as JSON.
 */
function spawnKernel(mode: 'run' | 'attach' | 'serve', arg: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      `${packageDir}src/attach/cross-process/kernel-process.ts`,
      mode,
      POSTGRES_URL,
      schema,
      arg,
    ],
    {
      cwd: packageDir,
      env: { ...process.env, TSX_TSCONFIG_PATH: `${packageDir}tsconfig.sources.json` },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async <T>(): Promise<T> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`kernel process (${mode}) ended without output`);
    return JSON.parse(value as string) as T;
  };
  return { child, nextLine };
}

interface Report {
  events: ReturnType<RuntimeEvent['toJSON']>[];
  result: unknown;
}

async function waitUntil(condition: () => Promise<boolean>, seconds = 20): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`condition not met within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return ((await once(child, 'exit')) as [number | null])[0];
}

describe('attach across processes (real PostgreSQL)', () => {
  it('B attaches midway to the job A runs: same events, same seq, same result; C after the end gets it all', async () => {
    const a = spawnKernel('run', '60');
    const { jobId } = await a.nextLine<{ jobId: string }>();
    await waitUntil(async () => (await stores.eventLog.read(jobId)).length >= 5);

    const { migrate: _, ...shared } = stores;
    const b = RuntimeKernel.create({ agent: aiSdkDriver({ model: scriptedModel([]) }), ...shared });
    const attached = await b.attach(jobId);
    const storedAtAttach = (await stores.eventLog.read(jobId)).length;
    expect((await stores.jobStore.get(jobId))?.status).toBe('running');
    const seenByB: RuntimeEvent[] = [];
    for await (const event of attached.events()) seenByB.push(event);
    const resultB = await attached.result();

    const reportA = await a.nextLine<Report>();
    expect(await exitCode(a.child)).toBe(0);
    expect(storedAtAttach).toBeLessThan(reportA.events.length / 2);
    expect(seenByB.map((e) => e.toJSON())).toEqual(reportA.events);
    expect(seenByB.map((e) => e.seq)).toEqual(seenByB.map((_, i) => i + 1));
    expect(resultB).toEqual(reportA.result);
    expect(resultB).toMatchObject({ status: 'succeeded' });

    const c = spawnKernel('attach', jobId);
    const reportC = await c.nextLine<Report>();
    expect(await exitCode(c.child)).toBe(0);
    expect(reportC.events).toEqual(reportA.events);
    expect(reportC.result).toEqual(reportA.result);
  }, 90_000);
});

describe('SSE across a server restart (real HTTP, real PostgreSQL)', () => {
  /** Reads SSE messages from `url` until `stop(message)` or the stream ends; the stream may break (server killed). */
  async function read(
    url: string,
    lastEventId: string | undefined,
    onMessage: (m: EventSourceMessage) => boolean,
  ) {
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    let stopped = false;
    const parser = createParser({
      onEvent: (message) => {
        if (!stopped && onMessage(message)) stopped = true;
      },
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body!) {
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
        if (stopped) break;
      }
    } catch {
      // the server went away mid-stream: the client reconnects
    } finally {
      controller.abort();
    }
  }

  it('a client reconnecting with Last-Event-ID to the restarted server ends with every event exactly once', async () => {
    const first = spawnKernel('serve', '0');
    const { port } = await first.nextLine<{ port: number }>();
    const runner = spawnKernel('run', '300');
    const { jobId } = await runner.nextLine<{ jobId: string }>();

    const received: EventSourceMessage[] = [];
    let killedMidJob = false;
    // reads on after the kill: the stream must break by itself (the server is gone)
    await read(`http://127.0.0.1:${port}/jobs/${jobId}/events`, undefined, (message) => {
      received.push(message);
      if (received.length === 12) {
        first.child.kill('SIGKILL');
        killedMidJob = message.event !== 'final.result';
      }
      return false;
    });
    await exitCode(first.child);
    expect(killedMidJob).toBe(true);
    expect((await stores.eventLog.read(jobId)).some((e) => e.type === 'final.result')).toBe(false);

    const second = spawnKernel('serve', '0');
    const restarted = await second.nextLine<{ port: number }>();
    const lastEventId = received.at(-1)?.id;
    await read(`http://127.0.0.1:${restarted.port}/jobs/${jobId}/events`, lastEventId, (message) => {
      received.push(message);
      return message.event === 'final.result';
    });

    const stored = await stores.eventLog.read(jobId);
    expect(stored.at(-1)?.type).toBe('final.result');
    expect(received.map((m) => m.id)).toEqual(stored.map((e) => String(e.seq)));
    expect(received.map((m) => JSON.parse(m.data))).toEqual(stored.map((e) => e.toJSON()));
    expect(await exitCode(runner.child)).toBe(0);
    second.child.kill('SIGKILL');
  }, 90_000);
});
