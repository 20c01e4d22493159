import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { oneStepDriver, RuntimeKernel } from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';

const DATABASE_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const appDir = fileURLToPath(new URL('..', import.meta.url));
const schema = `ar_worker_app_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

/** `node src/main.ts` with tsx as a loader (one process: a signal reaches the worker itself). */
function startApp(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', `${appDir}src/main.ts`], {
    cwd: appDir,
    env: { ...process.env, TSX_TSCONFIG_PATH: `${appDir}tsconfig.sources.json`, OPENAI_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  child.stderr!.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return { child, lines, stderr: () => stderr };
}

async function until(condition: () => boolean, seconds: number, what: string): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('pnpm worker: claims the jobs another process submits, runs them, and stops on SIGTERM', async () => {
  const app = startApp({ DATABASE_URL, DATABASE_SCHEMA: schema, WORKER_CONCURRENCY: '2' });
  await until(() => app.lines.some((line) => line.includes('claiming')), 60, 'worker started');
  expect(app.lines[0]).toContain('offline');

  const { migrate, ...stores } = createPostgresStores(pool, { schema });
  const submitter = RuntimeKernel.create({ agent: oneStepDriver('the submitter runs no job'), ...stores });
  const ids: string[] = [];
  for (let i = 0; i < 5; i++)
    ids.push((await submitter.submit({ prompt: `task ${i}`, scopeId: 'acme' })).jobId);
  await until(() => app.lines.filter((line) => line.startsWith('done ')).length === 5, 60, 'five jobs done');
  for (const [i, jobId] of ids.entries()) {
    const result = await (await submitter.attach(jobId)).result();
    expect(result).toMatchObject({ status: 'succeeded', content: `Done: task ${i}` });
  }
  app.child.kill('SIGTERM');
  const [code] = (await once(app.child, 'exit')) as [number | null];
  expect(code).toBe(0);
  expect(app.lines.at(-1)).toMatch(/^Worker .+ stopped\.$/);
  await submitter.shutdown();
}, 120_000);

it('without DATABASE_URL it exits 1 naming the variable', async () => {
  const app = startApp({ DATABASE_URL: '' });
  const [code] = (await once(app.child, 'exit')) as [number | null];
  expect(code).toBe(1);
  expect(app.stderr()).toContain('DATABASE_URL');
}, 60_000);
