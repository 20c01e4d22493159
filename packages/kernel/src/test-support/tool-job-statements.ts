import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { z } from 'zod';
import { executionUsage } from '../execution/job-usage';
import { defineTool, type ExecutionUsage } from '../index';
import { scriptedKernel } from '../test-helpers';

/** A statement a pg client of this process sent: its text (whitespace folded) and its parameters as JSON. */
export interface SentStatement {
  readonly text: string;
  readonly params: string;
}

const add = defineTool({
  name: 'add',
  description: 'adds',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What one tool job sent, the usage its result reports, and the usage the ledger holds for it. */
export interface ToolJobRun {
  readonly sent: SentStatement[];
  readonly usage: ExecutionUsage;
  readonly ledgerUsage: ExecutionUsage;
}

/**
 * Runs one job with a tool call (the model calls `add`, then answers "five") on a kernel over
 * `createPostgresStores` in a schema of its own (dropped after), and returns the statements `keep` selects that
 * any pg client of this process sent while the job ran.
 */
export async function statementsOfAToolJob(keep: (statement: SentStatement) => boolean): Promise<ToolJobRun> {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
  const schema = `ar_tool_job_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  try {
    const { migrate, ...stores } = createPostgresStores(pool, { schema });
    await migrate();
    const { sent, jobId, usage } = await recordWhileRunning(stores, keep);
    const ledgerUsage = executionUsage(await stores.ledgerWriter.getUsage({ jobId }));
    return { sent, usage, ledgerUsage };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}

async function recordWhileRunning(
  stores: Omit<ReturnType<typeof createPostgresStores>, 'migrate'>,
  keep: (statement: SentStatement) => boolean,
): Promise<{ sent: SentStatement[]; jobId: string; usage: ExecutionUsage }> {
  const { kernel } = scriptedKernel(
    [{ toolCalls: [{ toolName: 'add', input: { a: 2, b: 3 }, toolCallId: 'c1' }] }, { text: 'five' }],
    { kernel: { ...stores, tools: [add] } },
  );
  const sent: SentStatement[] = [];
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    // a string and its values, or a query config (a named prepared statement: `{ name, text, values }`)
    const query = args[0] as string | { text?: string; values?: unknown[] };
    const text = typeof query === 'string' ? query : (query?.text ?? '');
    const values = typeof query === 'string' ? args[1] : query?.values;
    const statement = { text: text.replace(/\s+/g, ' ').trim(), params: JSON.stringify(values ?? []) };
    if (keep(statement)) sent.push(statement);
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
  try {
    const result = await (await kernel.execute({ prompt: 'add', scopeId: 'tool-job' })).result();
    if (result.status !== 'succeeded' || result.content !== 'five')
      throw new Error(`the tool job ended ${result.status}: ${result.error?.message ?? result.content}`);
    return { sent, jobId: result.jobId, usage: result.usage };
  } finally {
    pg.Client.prototype.query = original as never;
    await kernel.shutdown();
  }
}
