import { randomUUID } from 'node:crypto';
import type { ActionStore } from '@agent-runtime/actions';
import type { JobStore } from '@agent-runtime/jobs';
import type { LedgerWriter } from '@agent-runtime/ledger';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ExecutionContext,
  InMemoryActionStore,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  NotFoundError,
  RuntimeKernel,
  type ScopedKernel,
} from './index';
import { oneStepDriver } from './test-helpers';

interface Stores {
  jobStore: JobStore;
  actionStore: ActionStore;
  ledgerWriter: LedgerWriter;
}

/** One tenant's job in the generated world: waiting for an action or not, with some recorded tokens. */
interface JobSeed {
  tenant: 0 | 1;
  withAction: boolean;
  tokens: number;
}

type Operation =
  | {
      op:
        | 'getJob'
        | 'attach'
        | 'cancel'
        | 'getUsage'
        | 'listPendingActions'
        | 'cancelAction'
        | 'resolveAction';
      job: number;
    }
  | { op: 'listJobs' | 'allUsage' };

const seeds = fc.array(
  fc.record({
    tenant: fc.constantFrom<0 | 1>(0, 1),
    withAction: fc.boolean(),
    tokens: fc.integer({ min: 0, max: 50 }),
  }),
  { minLength: 1, maxLength: 6 },
);
const operations = fc.array(
  fc.record({
    viewer: fc.constantFrom<0 | 1>(0, 1),
    operation: fc.oneof(
      fc.record({
        op: fc.constantFrom(
          'getJob',
          'attach',
          'cancel',
          'getUsage',
          'listPendingActions',
          'cancelAction',
          'resolveAction',
        ),
        job: fc.nat(),
      }),
      fc.record({ op: fc.constantFrom('listJobs', 'allUsage') }),
    ) as fc.Arbitrary<Operation>,
  }),
  { minLength: 1, maxLength: 12 },
);

/** Builds the world: jobs of two fresh scopes (unique per run, so runs can share one database). */
async function buildWorld(stores: Stores, world: JobSeed[]) {
  const kernel = RuntimeKernel.create({ agent: oneStepDriver('ok'), ...stores });
  const scopes = [`a-${randomUUID()}`, `b-${randomUUID()}`] as const;
  const jobs: { jobId: string; scopeId: string; actionId?: string; tokens: number }[] = [];
  for (const seed of world) {
    const scopeId = scopes[seed.tenant];
    const job = await kernel.jobs.start((await kernel.jobs.create({ scopeId })).jobId);
    const action = seed.withAction
      ? await kernel.actions.requireAction({ jobId: job.jobId, type: 'confirm' })
      : undefined;
    if (seed.tokens > 0)
      await kernel.ledger.recordModelUsage(
        new ExecutionContext({ scopeId, jobId: job.jobId }),
        { inputTokens: seed.tokens, outputTokens: 0, totalTokens: seed.tokens },
        { provider: 'p', model: 'm', cost: '0' },
      );
    jobs.push({ jobId: job.jobId, scopeId, actionId: action?.actionId, tokens: seed.tokens });
  }
  return { kernel, scopes, jobs };
}

/** Everything stored for `scopeId`, to compare before and after a call made through another scope. */
async function snapshot(kernel: RuntimeKernel, stores: Stores, scopeId: string) {
  const jobs = await kernel.jobs.list({ scopeId });
  const actions = await stores.actionStore.list({ scopeId });
  const usage = await kernel.ledger.getUsage({ scopeId });
  return JSON.stringify({ jobs, actions, usage });
}

/** Runs one call through `view`; returns the scope ids of every record it returned, or 'not-found'. */
async function call(view: ScopedKernel, operation: Operation, target?: { jobId: string; actionId?: string }) {
  const seen = (records: { scopeId?: string }[]) => records.map((r) => r.scopeId ?? '(none)');
  try {
    switch (operation.op) {
      case 'listJobs':
        return seen(await view.listJobs());
      case 'allUsage':
        return (await view.getUsage()).totalTokens;
      case 'getJob':
        return seen([await view.getJob(target!.jobId)]);
      case 'attach':
        return seen([await (await view.attach(target!.jobId)).job()]);
      case 'cancel':
        return seen([await view.cancel(target!.jobId, { reason: 'property' })]);
      case 'getUsage':
        await view.getUsage({ jobId: target!.jobId });
        return [];
      case 'listPendingActions':
        return seen(await view.listPendingActions({ jobId: target!.jobId }));
      case 'cancelAction':
        return target?.actionId ? seen([await view.cancelAction(target.actionId)]) : [];
      case 'resolveAction':
        return target?.actionId ? seen([await view.resolveAction(target.actionId, { ok: true })]) : [];
    }
  } catch (error) {
    if (NotFoundError.isInstance(error)) return 'not-found';
    return 'other-error'; // e.g. cancelling an action that is no longer pending: fine within one's own scope
  }
}

/** Whether the call names the target by id (so another scope's must be a NotFoundError). */
function targetsAnId(operation: Operation, target: { actionId?: string }): boolean {
  if (operation.op === 'cancelAction' || operation.op === 'resolveAction')
    return target.actionId !== undefined;
  return ['getJob', 'attach', 'cancel', 'getUsage'].includes(operation.op);
}

/** The property: across random worlds and calls, a view never reads or changes another scope's data. */
async function checkNoCrossScopeAccess(stores: () => Promise<Stores>, numRuns: number) {
  let calls = 0;
  await fc.assert(
    fc.asyncProperty(seeds, operations, async (world, ops) => {
      const violations: string[] = [];
      const s = await stores();
      const { kernel, scopes, jobs } = await buildWorld(s, world);
      for (const { viewer, operation } of ops) {
        const mine = scopes[viewer];
        const other = scopes[1 - viewer]!;
        const target = 'job' in operation ? jobs[operation.job % jobs.length] : undefined;
        const before = await snapshot(kernel, s, other);
        const outcome = await call(kernel.forScope(mine), operation, target);
        calls++;
        if ((await snapshot(kernel, s, other)) !== before) violations.push(`write: ${operation.op}`);
        if (Array.isArray(outcome) && outcome.some((scopeId) => scopeId !== mine))
          violations.push(`read: ${operation.op}`);
        if (target && target.scopeId !== mine && targetsAnId(operation, target) && outcome !== 'not-found')
          violations.push(`found: ${operation.op}`);
        if (typeof outcome === 'number') {
          const expected = jobs.filter((j) => j.scopeId === mine).reduce((sum, j) => sum + j.tokens, 0);
          if (outcome !== expected) violations.push(`usage: ${outcome} ≠ ${expected}`);
        }
      }
      expect(violations).toEqual([]);
    }),
    { numRuns },
  );
  return calls;
}

describe('kernel.forScope: no cross-scope reads or writes (fast-check)', () => {
  it('over the in-memory stores', async () => {
    const calls = await checkNoCrossScopeAccess(
      async () => ({
        jobStore: new InMemoryJobStore(),
        actionStore: new InMemoryActionStore(),
        ledgerWriter: new InMemoryLedgerWriter(),
      }),
      200,
    );
    console.info(`forScope property, in-memory: ${calls} calls, 0 cross-scope reads or writes`);
  }, 60_000);

  const pool = new pg.Pool({
    connectionString: process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    max: 4,
    application_name: 'kernel-scoped-property',
  });
  const schema = `kernel_scope_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('over the PostgreSQL stores', async () => {
    const { migrate, ...postgresStores } = createPostgresStores(pool, { schema });
    await migrate();
    const calls = await checkNoCrossScopeAccess(async () => postgresStores, 25);
    console.info(`forScope property, PostgreSQL: ${calls} calls, 0 cross-scope reads or writes`);
  }, 120_000);
});
