import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { type AgentDriver, RuntimeKernel, ZERO_USAGE } from './index';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ar_created_running_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

/** The statements that write (and so commit, outside a transaction) sent by `pool`'s clients while counting. */
function countWrites() {
  const writes: string[] = [];
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const query = args[0];
    const text = typeof query === 'string' ? query : ((query as { text?: string })?.text ?? '');
    if (/\b(INSERT|UPDATE|DELETE)\b/i.test(text)) writes.push(text.replace(/\s+/g, ' ').trim());
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
  return { writes, restore: () => (pg.Client.prototype.query = original as never) };
}

/** One step that answers at once; records how many writes the job took before its model ran. */
function answeringDriver(before: { writes: number }, counted: string[]): AgentDriver {
  const model = { provider: 'test', modelId: 'answers' };
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  return {
    model,
    async *run() {
      before.writes = counted.length;
      yield { type: 'step-start', step: 1, model };
      const state = { step: 1, messages: [], usage };
      yield {
        type: 'step-finish',
        step: 1,
        model,
        text: 'done',
        toolCalls: [],
        finishReason: 'stop',
        usage,
        durationMs: 1,
        state,
      };
      yield { type: 'finish', text: 'done', usage: { ...ZERO_USAGE, ...usage }, steps: 1, state };
    },
  };
}

it('execute on PostgreSQL stores the job running, with its first events, in one statement: one commit before the model runs', async () => {
  const { migrate, ...stores } = createPostgresStores(pool, { schema });
  await migrate();
  const counter = countWrites();
  const before = { writes: -1 };
  const kernel = RuntimeKernel.create({ agent: answeringDriver(before, counter.writes), ...stores });
  try {
    const handle = await kernel.execute({ prompt: 'hi', scopeId: 'created-running' });
    expect((await handle.result()).status).toBe('succeeded');
    expect(before.writes).toBe(1);
    expect(counter.writes[0]).toMatch(/^WITH written AS \(INSERT INTO "[^"]+"\."runtime_jobs"/);
    const logged = await stores.eventLog.read(handle.jobId);
    expect(logged.slice(0, 2).map((event) => [event.seq, event.type, event.data])).toEqual([
      [1, 'job.status_changed', { from: 'queued', to: 'running' }],
      [2, 'job.started', { prompt: 'hi', provider: 'test', model: 'answers' }],
    ]);
  } finally {
    counter.restore();
    await kernel.shutdown();
  }
});
