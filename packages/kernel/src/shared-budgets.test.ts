import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { Decimal, ErrorCode } from '@agent-runtime/core';
import type { LedgerEvent } from '@agent-runtime/ledger';
import { createPostgresStores, type PostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetProcessConfig, BudgetProcessReport, ObservedCall } from './cross-process/budget-process';
import { RuntimeKernel } from './index';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const url = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ar_budgets_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const PRICING = { m: { inputPerMillion: '1000', outputPerMillion: '1000' } };

let pool: pg.Pool;
let stores: PostgresStores;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: url, max: 4 });
  stores = createPostgresStores(pool, { schema });
  await stores.migrate();
});
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool?.end();
});

/** A kernel process (tsx over the sources) on this file's schema; resolves with its report. */
async function kernelProcess(
  config: Omit<BudgetProcessConfig, 'url' | 'schema'>,
): Promise<BudgetProcessReport> {
  const { stdout } = await run(
    `${packageDir}node_modules/.bin/tsx`,
    [
      '--tsconfig',
      `${packageDir}tsconfig.sources.json`,
      `${packageDir}src/cross-process/budget-process.ts`,
      JSON.stringify({ ...config, url, schema }),
    ],
    { timeout: 90_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as BudgetProcessReport;
}

const scope = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`;
const modelEvents = (scopeId: string) =>
  stores.ledgerWriter.listEvents({ scopeId, eventType: 'model_usage' });

/**
 * Each call's cap left room for what was recorded before it: cap + its input ≤ max − (usage recorded
 * before the call started). `metric` of an event: its tokens, or its cost in tokens at the flat test price.
 */
function expectCallsWithinHeadroom(calls: ObservedCall[], events: LedgerEvent[], max: number, perToken = 1) {
  for (const call of calls) {
    const before = events
      .filter((e) => e.timestamp < call.at)
      .reduce(
        (sum, e) => sum.plus(perToken === 1 ? e.totalTokens : e.cost.dividedBy(perToken)),
        new Decimal(0),
      );
    expect(call.maxOutputTokens).toBeDefined();
    expect(
      new Decimal(call.maxOutputTokens!).plus(call.inputTokens).plus(before).toNumber(),
    ).toBeLessThanOrEqual(max);
  }
}

describe('shared hard budgets: 50 concurrent jobs from 2 processes on one PostgreSQL ledger', () => {
  it('maxTokensDaily: 100, set by a third process: total recorded ≤ 100, every cap ≤ the headroom', async () => {
    const scopeId = scope('tokens');
    await kernelProcess({ scopeId, setBudget: { scopeId, maxTokensDaily: 100 } });
    const reports = await Promise.all([
      kernelProcess({ scopeId, jobs: 25 }),
      kernelProcess({ scopeId, jobs: 25 }),
    ]);
    const results = reports.flatMap((r) => r.results);
    const calls = reports.flatMap((r) => r.calls);
    const events = await modelEvents(scopeId);
    const total = (await stores.ledgerWriter.getUsage({ scopeId })).totalTokens;
    console.info(
      `maxTokensDaily 100: recorded ${total} tokens, ${calls.length} model calls, ` +
        `${results.filter((r) => r.status === 'succeeded').length}/50 succeeded`,
    );
    expect(total).toBeLessThanOrEqual(100);
    expect(total).toBeGreaterThan(0);
    expect(events).toHaveLength(calls.length);
    expectCallsWithinHeadroom(calls, events, 100);
    for (const result of results)
      expect(result.status === 'succeeded' || result.code === ErrorCode.BUDGET_EXCEEDED).toBe(true);
  }, 120_000);

  it('maxCostDaily: 0.1 through the pricing table: total cost ≤ 0.1, every cap ≤ the cost headroom', async () => {
    const scopeId = scope('cost');
    await kernelProcess({ scopeId, setBudget: { scopeId, maxCostDaily: '0.1' } });
    const reports = await Promise.all([
      kernelProcess({ scopeId, jobs: 25, pricing: PRICING }),
      kernelProcess({ scopeId, jobs: 25, pricing: PRICING }),
    ]);
    const calls = reports.flatMap((r) => r.calls);
    const events = await modelEvents(scopeId);
    const cost = (await stores.ledgerWriter.getUsage({ scopeId })).cost;
    console.info(`maxCostDaily 0.1: recorded ${cost} dollars, ${calls.length} model calls`);
    expect(cost.lessThanOrEqualTo('0.1')).toBe(true);
    expect(cost.greaterThan(0)).toBe(true);
    expectCallsWithinHeadroom(calls, events, 100, 0.001);
  }, 120_000);
});

describe('per request budgets across processes', () => {
  it('no job records more than its maxTokens or maxCost, however much the model wants to write', async () => {
    const tokensScope = scope('request-tokens');
    const costScope = scope('request-cost');
    const reports = await Promise.all([
      kernelProcess({ scopeId: tokensScope, jobs: 10, outputTokens: 500, budgets: { maxTokens: 100 } }),
      kernelProcess({
        scopeId: costScope,
        jobs: 10,
        outputTokens: 500,
        pricing: PRICING,
        budgets: { maxCost: '0.1' },
      }),
    ]);
    const [tokens, cost] = reports;
    expect(tokens!.results.every((r) => r.status === 'succeeded' && r.totalTokens <= 100)).toBe(true);
    expect(cost!.results.every((r) => r.status === 'succeeded' && new Decimal(r.totalCost).lte('0.1'))).toBe(
      true,
    );
    expect(tokens!.calls.every((c) => c.maxOutputTokens! + c.inputTokens <= 100)).toBe(true);
  }, 120_000);

  it('a step whose estimate exceeds the headroom is refused before the model is called', async () => {
    const report = await kernelProcess({
      scopeId: scope('refused'),
      jobs: 5,
      prompt: 'x'.repeat(500),
      budgets: { maxTokens: 100 },
    });
    expect(report.calls).toHaveLength(0);
    expect(report.results.map((r) => r.code)).toEqual(Array(5).fill('BUDGET_EXCEEDED'));
  }, 120_000);
});

it('a budget set in process A is enforced in process B', async () => {
  const scopeId = scope('a-to-b');
  await kernelProcess({ scopeId, setBudget: { scopeId, maxTokensDaily: 40 } });
  const limited = await kernelProcess({ scopeId, jobs: 1 });
  const free = await kernelProcess({ scopeId: scope('no-budget'), jobs: 1 });
  expect(limited.results[0]).toMatchObject({ status: 'failed', code: 'BUDGET_EXCEEDED' });
  expect(limited.calls).toHaveLength(0);
  expect(free.results[0]).toMatchObject({ status: 'succeeded', totalTokens: 30 });
  expect((await stores.budgetStore.get({ scopeId }))?.maxTokensDaily).toBe(40);
}, 120_000);

it('a budget one kernel sets is enforced by another kernel on its own pool at its next reservation, budgets seen before or not', async () => {
  const scopeId = scope('warm');
  const pools = [0, 1].map(() => new pg.Pool({ connectionString: url, max: 2 }));
  const calls: number[] = [];
  const kernels = pools.map((each) => {
    const model = scriptedModel(
      Array.from({ length: 3 }, () => ({ text: 'ok', usage: { inputTokens: 10, outputTokens: 20 } })),
      { modelId: 'm' },
    );
    const doStream = model.doStream.bind(model);
    model.doStream = (options) => {
      calls.push(Date.now());
      return doStream(options);
    };
    const { migrate: _, ...rest } = createPostgresStores(each, { schema });
    return RuntimeKernel.create({ agent: aiSdkDriver({ model, middleware: 'none' }), ...rest });
  });
  const [setter, runner] = kernels as [RuntimeKernel, RuntimeKernel];
  try {
    const job = async () => (await runner.execute({ prompt: 'question', scopeId })).result();
    expect(await job()).toMatchObject({ status: 'succeeded', usage: { totalTokens: 30 } });
    await setter.ledger.setBudget({ scopeId, maxTokensDaily: 35 });
    expect(await job()).toMatchObject({ status: 'failed', error: { code: ErrorCode.BUDGET_EXCEEDED } });
    expect(calls).toHaveLength(1);
  } finally {
    await Promise.all(kernels.map((kernel) => kernel.shutdown()));
    await Promise.all(pools.map((each) => each.end()));
  }
}, 60_000);
