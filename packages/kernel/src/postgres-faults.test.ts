import { AgentRuntimeError } from '@agent-runtime/core';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { expect, it } from 'vitest';
import { type AgentDriver, RuntimeKernel, ZERO_USAGE } from './index';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 12);
const applicationName = `ar_faults_${suffix}`;
const schema = `ar_faults_${suffix}`;

/** Three model steps a few milliseconds apart, each saving a checkpoint and writing usage to the ledger. */
function threeStepDriver(): AgentDriver {
  const model = { provider: 'test', modelId: 'three-steps' };
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  return {
    model,
    async *run(request) {
      let messages: { role: string; content: string }[] = [];
      for (let step = 1; step <= 3; step++) {
        await request.beforeStep?.({ step, state: { step: step - 1, messages, usage: ZERO_USAGE } });
        await new Promise((resolve) => setTimeout(resolve, 20));
        yield { type: 'step-start', step, model };
        messages = [...messages, { role: 'assistant', content: `step ${step}` }];
        const state = { step, messages, usage };
        yield {
          type: 'step-finish',
          step,
          model,
          text: `step ${step}`,
          toolCalls: [],
          finishReason: step === 3 ? 'stop' : 'tool-calls',
          usage,
          durationMs: 5,
          state,
        };
      }
      yield { type: 'finish', text: 'done', usage, steps: 3, state: { step: 3, messages, usage } };
    },
  };
}

type Outcome = {
  jobId?: string;
  status?: string;
  errorCode?: string;
  errorMessage?: string;
  thrown?: unknown;
};

it('terminating the stores\u2019 connections every 10 ms during 20 jobs: the process lives, every stored status is the reported one, every error is typed', async () => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, application_name: applicationName, max: 8 });
  const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  const stores = createPostgresStores(pool, { schema });
  await stores.migrate();
  const kernel = RuntimeKernel.create({
    agent: threeStepDriver(),
    jobStore: stores.jobStore,
    actionStore: stores.actionStore,
    ledgerWriter: stores.ledgerWriter,
  });
  let terminated = 0;
  const inFlight = new Set<Promise<void>>();
  const terminate = () => {
    const done = admin
      .query<{ pid: number }>(
        'SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      )
      .then(
        ({ rowCount }) => {
          terminated += rowCount ?? 0;
        },
        () => {},
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  const handles = await Promise.all(
    Array.from({ length: 20 }, (_, i) => kernel.execute({ prompt: `job ${i}`, scopeId: 'faults' })),
  );
  // the storm lasts while the jobs run, at most 3 s: shorter than the kernel's retry of a job's terminal write
  const killer = setInterval(terminate, 10);
  const stormOver = setTimeout(() => clearInterval(killer), 3000);
  let outcomes: Outcome[];
  try {
    outcomes = await Promise.all(
      handles.map(async (handle): Promise<Outcome> => {
        try {
          const result = await handle.result();
          return {
            jobId: handle.jobId,
            status: result.status,
            errorCode: result.error?.code,
            errorMessage: result.error?.message,
          };
        } catch (thrown) {
          return { thrown };
        }
      }),
    );
  } finally {
    clearInterval(killer);
    clearTimeout(stormOver);
    await Promise.all(inFlight);
  }
  try {
    expect(terminated).toBeGreaterThan(0);
    for (const { thrown } of outcomes)
      if (thrown !== undefined) expect(thrown).toSatisfy(AgentRuntimeError.isInstance);
    for (const { errorCode } of outcomes) expect(errorCode).not.toBe('INTERNAL_ERROR');
    const reported = outcomes.filter((o) => o.jobId !== undefined);
    expect(reported.length).toBeGreaterThan(0);
    const verifier = createPostgresStores(admin, { schema }).jobStore; // connections the storm never touched
    for (const { jobId, status, errorMessage } of reported) {
      const stored = await verifier.get(jobId as string);
      expect({ jobId, status: stored?.status, errorMessage }).toEqual({ jobId, status, errorMessage });
    }
    // the pool recovered: a job after the storm runs normally (once the last terminations have landed)
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await (await kernel.execute({ prompt: 'after', scopeId: 'faults' })).result();
    expect(after.status).toBe('succeeded');
  } finally {
    await kernel.shutdown();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([pool.end(), admin.end()]);
  }
}, 60_000);

it('a failure whose message PostgreSQL cannot store (NUL, lone surrogate) still ends the job failed in the table', async () => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
  const stores = createPostgresStores(pool, { schema: `${schema}_nul` });
  await stores.migrate();
  const failing: AgentDriver = {
    model: { provider: 'test', modelId: 'failing' },
    // biome-ignore lint/correctness/useYield: fails before its first part
    async *run() {
      throw new Error('the model said \u0000 and \ud800');
    },
  };
  const kernel = RuntimeKernel.create({ agent: failing, ...withoutMigrate(stores) });
  try {
    const handle = await kernel.execute({ prompt: 'x', scopeId: 'faults' });
    const result = await handle.result();
    expect(result.status).toBe('failed');
    const stored = await stores.jobStore.get(handle.jobId);
    expect(stored?.status).toBe('failed');
    expect(stored?.error?.message).toBe('the model said \ufffd and \ufffd');
  } finally {
    await kernel.shutdown();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}_nul" CASCADE`);
    await pool.end();
  }
});

function withoutMigrate<T extends { migrate: unknown }>({ migrate: _, ...stores }: T): Omit<T, 'migrate'> {
  return stores;
}
