import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConstraintPolicy, defineTool, ModelPolicy, PolicyEngine } from './index';
import { collect, scriptedKernel } from './test-helpers';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function counter() {
  const calls: string[] = [];
  const tool = defineTool({
    name: 'ping',
    description: 'ping',
    inputSchema: z.object({ n: z.number() }),
    execute: ({ n }) => {
      calls.push(String(n));
      return 'pong';
    },
  });
  return { calls, tool };
}
const pings = (...ns: number[]) => ({
  toolCalls: ns.map((n) => ({ toolName: 'ping', input: { n } })),
  usage: { inputTokens: 60, outputTokens: 40 },
});

describe('ConstraintPolicy inside a job', () => {
  it('maxTokensPerRequest: the job usage so far plus the next step’s size is checked before that step', async () => {
    const { tool } = counter();
    // the default estimator sizes step 1 at 263 tokens and step 2 at 508 (+ 100 used by step 1)
    const policyEngine = new PolicyEngine().addRule(new ConstraintPolicy({ maxTokensPerRequest: 400 }));
    const { kernel, model } = scriptedKernel([pings(1), { text: 'never' }], {
      kernel: { tools: [tool], policyEngine },
    });
    const result = await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result();
    expect(result).toMatchObject({ status: 'failed', error: { code: 'POLICY_DENIED' } });
    expect(result.error?.message).toContain('maxTokensPerRequest 400');
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('maxTokensPerRequest on PostgreSQL stores: the usage so far (read by the step reservation) counts', async () => {
    const { tool } = counter();
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
    const schema = `ar_constraints_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
    try {
      const { migrate: _, ...stores } = createPostgresStores(pool, { schema });
      // step 2 alone (508 estimated) fits 550; with step 1's 100 recorded tokens it does not
      const policyEngine = new PolicyEngine().addRule(new ConstraintPolicy({ maxTokensPerRequest: 550 }));
      const { kernel, model } = scriptedKernel([pings(1), { text: 'never' }], {
        kernel: { tools: [tool], policyEngine, ...stores },
      });
      const result = await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result();
      await kernel.shutdown();
      expect(result).toMatchObject({ status: 'failed', error: { code: 'POLICY_DENIED' } });
      expect(result.error?.message).toContain('maxTokensPerRequest 550');
      expect(model.doStreamCalls).toHaveLength(1);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });

  it('maxTokensPerRequest: a job within the limit runs', async () => {
    const { tool } = counter();
    const policyEngine = new PolicyEngine().addRule(new ConstraintPolicy({ maxTokensPerRequest: 5000 }));
    const { kernel } = scriptedKernel([pings(1), { text: 'done' }], {
      kernel: { tools: [tool], policyEngine },
    });
    expect(await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result()).toMatchObject({
      status: 'succeeded',
      content: 'done',
    });
  });

  it('maxCostPerRequest: the priced cost so far plus the next step’s estimated cost', async () => {
    const { tool } = counter();
    // at $0.001 a token: step 1 is estimated at $0.263, step 2 at $0.508 + the $0.1 step 1 cost
    const policyEngine = new PolicyEngine().addRule(new ConstraintPolicy({ maxCostPerRequest: '0.4' }));
    const { kernel, model } = scriptedKernel([pings(1), { text: 'never' }], {
      kernel: {
        tools: [tool],
        policyEngine,
        pricing: { 'gpt-5-nano': { inputPerMillion: '1000', outputPerMillion: '1000' } },
      },
    });
    const result = await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result();
    expect(result).toMatchObject({ status: 'failed', error: { code: 'POLICY_DENIED' } });
    expect(result.error?.message).toContain('maxCostPerRequest 0.4');
    expect(result.usage.totalCost).toBe('0.1');
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('maxToolCallsPerTurn: a turn asking for more calls is refused as a batch, the model is told and goes on', async () => {
    const { tool, calls } = counter();
    const policyEngine = new PolicyEngine().addRule(new ConstraintPolicy({ maxToolCallsPerTurn: 2 }));
    const { kernel, model } = scriptedKernel([pings(1, 2, 3), pings(4, 5), { text: 'done' }], {
      kernel: { tools: [tool], policyEngine },
    });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    const events = await collect(handle);
    const denied = events.filter((e) => e.type === 'tool.error').filter((e) => e.data.denied === true);
    expect(denied).toHaveLength(3);
    expect(denied[0]?.data.error).toMatchObject({
      message: expect.stringContaining('3 tool calls exceed maxToolCallsPerTurn 2'),
    });
    expect(calls).toEqual(['4', '5']);
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'done' });
    expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain('maxToolCallsPerTurn');
  });
});

describe('ModelPolicy.maxTokensPerRequest inside a job', () => {
  it("gets the step's requested size: a prompt too large for the model is denied before the model call", async () => {
    const policyEngine = new PolicyEngine().addRule(
      // the default estimator sizes the 400-character prompt at 454 tokens, 'hi' at 56
      new ModelPolicy({ modelPatterns: ['gpt-5*'], maxTokensPerRequest: 200 }),
    );
    const { kernel, model } = scriptedKernel([{ text: 'never' }], { kernel: { policyEngine } });
    const result = await (await kernel.execute({ prompt: 'x'.repeat(400), scopeId: 's' })).result();
    expect(result).toMatchObject({ status: 'failed', error: { code: 'POLICY_DENIED' } });
    expect(result.error?.message).toContain('at most 200 allowed');
    expect(model.doStreamCalls).toHaveLength(0);

    const small = scriptedKernel([{ text: 'short answer' }], { kernel: { policyEngine } });
    expect(await (await small.kernel.execute({ prompt: 'hi', scopeId: 's' })).result()).toMatchObject({
      status: 'succeeded',
    });
  });
});

describe('one TokenEstimator for the constraint gate and the budget reservation', () => {
  const tokenEstimator = () => 400;

  it('a custom tokenEstimator is the size ConstraintPolicy.maxTokensPerRequest sees and the size a step reserves', async () => {
    const policyEngine = new PolicyEngine().addRule(new ConstraintPolicy({ maxTokensPerRequest: 300 }));
    const denied = scriptedKernel([{ text: 'never' }], { kernel: { policyEngine, tokenEstimator } });
    const refused = await (await denied.kernel.execute({ prompt: 'hi', scopeId: 's' })).result();
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'POLICY_DENIED' } });
    expect(refused.error?.message).toContain('maxTokensPerRequest 300');
    expect(denied.model.doStreamCalls).toHaveLength(0);

    const capped = scriptedKernel([{ text: 'ok' }], { kernel: { tokenEstimator } });
    const result = await (
      await capped.kernel.execute({ prompt: 'hi', scopeId: 's', budgets: { maxTokens: 1000 } })
    ).result();
    expect(result.status).toBe('succeeded');
    expect(capped.model.doStreamCalls[0]?.maxOutputTokens).toBe(600);
  });

  it('the same estimate gates the steps of agents inside an operator job', async () => {
    const { AgentOperator, ChainOperator } = await import('./index');
    const { scriptedModel } = await import('@agent-runtime/ai-sdk/testing');
    const { aiSdkDriver } = await import('@agent-runtime/ai-sdk');
    const policyEngine = new PolicyEngine().addRule(new ConstraintPolicy({ maxTokensPerRequest: 300 }));
    const model = scriptedModel([{ text: 'never' }]);
    const { kernel } = scriptedKernel([], { kernel: { policyEngine, tokenEstimator } });
    const agent = new AgentOperator({ name: 'a', prompt: '{text}', driver: aiSdkDriver({ model }) });
    const run = await kernel.executeOperator(new ChainOperator([agent]), { text: 'hi' }, { scopeId: 's' });
    expect(await run.result()).toMatchObject({ success: false, error: { code: 'POLICY_DENIED' } });
    expect(model.doStreamCalls).toHaveLength(0);
  });
});
