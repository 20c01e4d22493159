import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionManager } from '@agent-runtime/actions';
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { createPostgresStores, openPGlite } from '@agent-runtime/store-postgres';
import { countTokens } from 'gpt-tokenizer';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { severable } from './durable/test-support/severable';
import {
  defineTool,
  InMemoryActionStore,
  InMemoryEventBus,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  InMemorySignalChannel,
  JobManager,
  NotFoundError,
  PluginRegistry,
  PolicyEngine,
  RuntimeKernel,
  systemClock,
  ToolPolicy,
} from './index';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('README examples', () => {
  it('quick start', async () => {
    const model = scriptedModel([{ text: 'Types guard the gate' }]);
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }) });

    const handle = await kernel.execute({
      prompt: 'Write a haiku about TypeScript',
      scopeId: 'tenant-123',
      principalId: 'user-456',
    });
    const seen: string[] = [];
    for await (const event of handle.events()) seen.push(event.type);
    const result = await handle.result();
    expect(seen.at(-1)).toBe('final.result');
    expect(result).toMatchObject({ content: 'Types guard the gate', usage: { totalTokens: 15 } });
  });

  it('with budget enforcement', async () => {
    const lookup = defineTool({
      name: 'lookup',
      description: 'l',
      inputSchema: z.object({}),
      execute: () => 'doc',
    });
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'lookup', input: {} }], usage: { inputTokens: 9_000, outputTokens: 2_000 } },
      { text: 'never reached' },
    ]);
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, tools: [lookup] }) });

    const handle = await kernel.execute({
      prompt: 'Analyze this document...',
      scopeId: 'tenant-123',
      budgets: { maxTokens: 10_000, maxCost: '1.00', maxTurns: 5 },
    });
    const result = await handle.result(); // over budget: status 'failed', error.name 'BudgetExceededError'
    expect(result).toMatchObject({ status: 'failed', error: { name: 'BudgetExceededError' } });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('with human-in-the-loop', async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'deploy_changes', input: { environment: 'production' } }] },
      { text: 'Deployed.' },
    ]);
    const deployChanges = defineTool({
      name: 'deploy_changes',
      description: 'Deploys the pending changes after a human confirms',
      inputSchema: z.object({ environment: z.string() }),
      async execute({ environment }, toolContext) {
        const action = await toolContext.requireAction({
          type: 'confirm',
          payload: { message: 'Deploy to production?' },
          timeoutSeconds: 300,
        });
        if (action.resolution?.approved !== true) return { deployed: false };
        return { deployed: true, environment };
      },
    });

    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, tools: [deployChanges] }) });
    const handle = await kernel.execute({ prompt: 'Deploy to production', scopeId: 'tenant-123' });
    for await (const event of handle.events()) {
      if (event.type !== 'action.required') continue;
      const resumeToken = event.data.resumeToken;
      await kernel.actions.resolve({ resumeToken, resolution: { approved: true } });
    }
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'Deployed.' });
  });

  it('policy', async () => {
    const model = scriptedModel([{ toolCalls: [{ toolName: 'shell_exec', input: {} }] }, { text: 'ok' }]);
    const shellExec = defineTool({
      name: 'shell_exec',
      description: 's',
      inputSchema: z.object({}),
      execute: () => '',
    });
    const policyEngine = new PolicyEngine()
      .addRule(new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'deny', reason: 'no shells' }))
      .addRule(new ToolPolicy({ toolPatterns: ['deploy_*'], decision: 'require_approval' }));
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, tools: [shellExec] }), policyEngine });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 'tenant-123' });
    const denied = [];
    for await (const event of handle.events())
      if (event.type === 'tool.error') denied.push(event.data.denied);
    expect(denied).toEqual([true]);
  });

  it('every component explicit', async () => {
    const model = scriptedModel([{ text: 'hi' }]);
    const kernel = new RuntimeKernel({
      agent: aiSdkDriver({ model }),
      jobStore: new InMemoryJobStore(), // or PostgresJobStore
      actionStore: new InMemoryActionStore(), // or PostgresActionStore / RedisActionStore
      ledgerWriter: new InMemoryLedgerWriter(), // or PostgresLedgerWriter
      policyEngine: new PolicyEngine(),
      eventBus: new InMemoryEventBus(),
      pluginRegistry: new PluginRegistry(),
      signalChannel: new InMemorySignalChannel(), // or RedisSignalChannel
      clock: systemClock,
      tools: [],
    });
    expect(await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result()).toMatchObject({
      content: 'hi',
    });
    await kernel.shutdown();
  });

  describe('persistence', () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('on PGlite in a directory: a later kernel over the reopened directory finds the job', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'kernel-readme-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const model = scriptedModel([{ text: 'Types guard the gate' }]);

      const db = await openPGlite(dataDir); // about 3 s; openPGlite() without a directory stays in memory
      const { migrate, ...stores } = createPostgresStores(db); // { jobStore, actionStore, ledgerWriter, budgetStore }
      await migrate(); // creates or upgrades the tables (the stores also do it on first use)

      const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }), ...stores });
      const handle = await kernel.execute({
        prompt: 'Write a haiku about TypeScript',
        scopeId: 'tenant-123',
      });
      const { jobId } = await handle.result();
      await kernel.shutdown();
      await db.close(); // the next process that opens ./data finds the job, its actions and its usage

      const reopened = await openPGlite(dataDir);
      cleanups.push(() => reopened.close());
      const { migrate: _, ...storesAgain } = createPostgresStores(reopened);
      const later = RuntimeKernel.create({
        agent: aiSdkDriver({ model: scriptedModel([]) }),
        ...storesAgain,
      });
      expect(await later.jobs.get(jobId)).toMatchObject({ status: 'succeeded', scopeId: 'tenant-123' });
      expect(await storesAgain.ledgerWriter.getUsage({ jobId })).toMatchObject({
        totalTokens: 15,
        requests: 1,
      });
    }, 60_000);

    it('hard and shared budgets: capped to the tightest limit, enforced by every kernel on the database', async () => {
      const schema = `kernel_readme_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const model = scriptedModel([{ text: 'summary', usage: { inputTokens: 40, outputTokens: 50_000 } }], {
        modelId: 'gpt-5-nano',
        honourMaxOutputTokens: true,
      });
      const pool = new pg.Pool({ connectionString: POSTGRES_URL });
      cleanups.push(() => pool.end());
      cleanups.push(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

      const stores = createPostgresStores(pool, { schema });
      const kernel = RuntimeKernel.create({
        agent: aiSdkDriver({ model }),
        jobStore: stores.jobStore,
        actionStore: stores.actionStore,
        ledgerWriter: stores.ledgerWriter,
        budgetStore: stores.budgetStore, // every kernel on this database enforces the same budgets
        pricing: { 'gpt-5-nano': { inputPerMillion: '0.05', outputPerMillion: '0.40' } },
        // optional: a tighter bound than the default (UTF-8 bytes); it must never under-count
        tokenEstimator: (input) => countTokens(JSON.stringify(input)) + 8 * input.messages.length + 64,
      });

      // in any process on the database: per scope, principal, session, or a principal's session
      await kernel.ledger.setBudget({ scopeId: 'tenant-123', maxTokensDaily: 1_000_000, maxCostDaily: '50' });
      await kernel.ledger.setBudget({ scopeId: 'tenant-123', sessionId: 'chat-42', maxTokensDaily: 20_000 });

      const handle = await kernel.execute({
        prompt: 'Summarize the incident',
        scopeId: 'tenant-123',
        sessionId: 'chat-42',
        budgets: { maxTokens: 8_000, maxCost: '0.10' },
      });
      const result = await handle.result();
      const cap = model.doStreamCalls[0]?.maxOutputTokens ?? 0;
      expect(cap).toBe(4096); // maxStepOutputTokens: tighter than 8_000 − the input, and than the cost headroom
      expect(result).toMatchObject({ status: 'succeeded', usage: { totalTokens: 40 + cap } });
      const other = createPostgresStores(pool, { schema }).budgetStore;
      expect((await other.get({ scopeId: 'tenant-123', sessionId: 'chat-42' }))?.maxTokensDaily).toBe(20_000);
    });

    it('observing a job from anywhere: a second kernel attaches and sees every event', async () => {
      const schema = `kernel_readme_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const model = scriptedModel([{ text: 'Types guard the gate' }], { chunkDelayMs: 5 });
      const pool = new pg.Pool({ connectionString: POSTGRES_URL });
      cleanups.push(() => pool.end());
      cleanups.push(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
      const printed: unknown[][] = [];
      const console = { log: (...args: unknown[]) => printed.push(args) };

      const { migrate, ...stores } = createPostgresStores(pool, { schema }); // includes eventLog
      await migrate();
      const runner = RuntimeKernel.create({ agent: aiSdkDriver({ model }), ...stores });
      const observer = RuntimeKernel.create({ agent: aiSdkDriver({ model }), ...stores }); // think: another process

      const handle = await runner.execute({
        prompt: 'Write a haiku about TypeScript',
        scopeId: 'tenant-123',
      });
      const attached = await observer.attach(handle.jobId);
      for await (const event of attached.events()) console.log(event.seq, event.type);
      console.log((await attached.result()).content); // what handle.result() says

      const own = [];
      for await (const event of handle.events()) own.push([event.seq, event.type]);
      expect(printed.slice(0, -1)).toEqual(own);
      expect(printed[0]).toEqual([1, 'job.status_changed']);
      expect(printed.at(-2)?.[1]).toBe('final.result');
      expect(printed.at(-1)).toEqual([(await handle.result()).content]);
      expect(model.doStreamCalls).toHaveLength(1);
    });

    it('on PostgreSQL through pg: a second kernel over the same pool returns the stored result', async () => {
      const schema = `kernel_readme_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const model = scriptedModel([{ text: 'Types guard the gate' }]);

      const pool = new pg.Pool({ connectionString: POSTGRES_URL });
      cleanups.push(() => pool.end());
      cleanups.push(() => pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
      const { migrate, ...stores } = createPostgresStores(pool, { schema }); // README: 'agent_runtime'
      await migrate();

      const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }), ...stores });
      const request = { prompt: 'p', scopeId: 'tenant-123', idempotencyKey: 'order-42' };
      const first = await (await kernel.execute(request)).result();
      await kernel.shutdown();

      const other = RuntimeKernel.create({ agent: aiSdkDriver({ model }), ...stores });
      const again = await (await other.execute(request)).result();
      expect(again).toMatchObject({
        jobId: first.jobId,
        status: 'succeeded',
        content: 'Types guard the gate',
      });
      expect(model.doStreamCalls).toHaveLength(1);
      const { rows } = await pool.query(`SELECT status FROM "${schema}".runtime_jobs WHERE job_id = $1`, [
        first.jobId,
      ]);
      expect(rows).toEqual([{ status: 'succeeded' }]);
    });
  });

  it('multi-tenancy', async () => {
    const deploy = defineTool({
      name: 'deploy',
      description: 'Deploys after an approval',
      inputSchema: z.object({}),
      execute: async (_input, toolContext) =>
        (await toolContext.requireAction({ type: 'approval' })).resolution,
    });
    const agent = aiSdkDriver({
      model: scriptedModel([{ toolCalls: [{ toolName: 'deploy', input: {} }] }, { text: 'Deployed.' }]),
    });

    const kernel = RuntimeKernel.create({ agent, tools: [deploy] }); // deploy asks for an approval
    const tenant = kernel.forScope('tenant-a');

    const handle = await tenant.execute({ prompt: 'Deploy the changes' }); // runs in tenant-a
    for await (const event of handle.events()) if (event.type === 'action.required') break; // a tool asks
    const job = await tenant.getJob(handle.jobId);
    const jobs = await tenant.listJobs({ status: 'waiting_action' });
    const [approval] = await tenant.listPendingActions({ jobId: handle.jobId });
    await tenant.resolveAction(approval!.actionId, { approved: true }, { principalId: 'approver-7' });
    const result = await handle.result();
    const usage = await tenant.getUsage({ jobId: handle.jobId });

    await expect(kernel.forScope('tenant-b').getJob(handle.jobId)).rejects.toSatisfy(
      NotFoundError.isInstance,
    );
    expect(job.scopeId).toBe('tenant-a');
    expect(jobs.map((j) => j.jobId)).toEqual([handle.jobId]);
    expect(result).toMatchObject({ status: 'succeeded', content: 'Deployed.' });
    expect(usage.requests).toBe(2);
  });

  it('store faults: a terminal write that fails is retried', async () => {
    const agent = aiSdkDriver({ model: scriptedModel([{ text: 'hello' }]), middleware: 'none' });
    const flaky = new InMemoryJobStore();
    const update = flaky.update.bind(flaky);
    let failures = 3;
    flaky.update = (job) => {
      if (job.status === 'succeeded' && failures-- > 0) return Promise.reject(new Error('connection reset'));
      return update(job);
    };
    const kernel = RuntimeKernel.create({ agent, jobStore: flaky });
    const handle = await kernel.execute({ prompt: 'hi', scopeId: 'tenant-1' });
    expect((await handle.result()).status).toBe('succeeded');
    expect((await flaky.get(handle.jobId))?.status).toBe('succeeded');
    expect(failures).toBe(-1);
  });

  it('durable jobs: a job whose kernel died waiting for an approval is resolved by token and continued by another kernel', async () => {
    const schema = `ar_readme_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
    onTestFinished(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    });
    const { migrate, ...stores } = createPostgresStores(pool, { schema });
    const deployed: string[] = [];
    const deploy = defineTool({
      name: 'deploy',
      description: 'deploys a service',
      inputSchema: z.object({ service: z.string() }),
      execute: ({ service }) => {
        deployed.push(service);
        return `deployed ${service}`;
      },
    });
    const policyEngine = new PolicyEngine().addRule(
      new ToolPolicy({ toolPatterns: ['deploy'], decision: 'require_approval' }),
    );
    // the kernel that ran the job "dies" while it waits: cut off from the database, it can write nothing more
    const cut = severable();
    const dying = RuntimeKernel.create({
      agent: aiSdkDriver({
        model: scriptedModel([
          { toolCalls: [{ toolName: 'deploy', input: { service: 'api' }, toolCallId: 'c1' }] },
        ]),
        tools: [deploy],
      }),
      jobStore: cut.wrap(stores.jobStore),
      actionStore: cut.wrap(stores.actionStore),
      ledgerWriter: cut.wrap(stores.ledgerWriter),
      policyEngine,
    });
    const started = await dying.execute({ prompt: 'Deploy the api', scopeId: 'tenant-123' });
    const jobId = started.jobId;
    let resumeToken = '';
    for await (const event of started.events())
      if (event.type === 'action.required') {
        resumeToken = event.data.resumeToken;
        break;
      }
    cut.sever();

    const model = scriptedModel([{ text: 'The api is deployed.' }]);
    const signalChannel = new InMemorySignalChannel(); // RedisSignalChannel when the kernels are processes
    const kernel = RuntimeKernel.create({
      agent: aiSdkDriver({ model, tools: [deploy] }),
      ...stores,
      signalChannel,
      policyEngine,
    });
    await kernel.start();
    onTestFinished(() => kernel.shutdown());

    const actions = new ActionManager(stores.actionStore, {
      jobManager: new JobManager(stores.jobStore),
      signalChannel,
    });
    await actions.resolve({ resumeToken, resolution: { approved: true } });

    const result = await (await kernel.resume(jobId)).result();
    expect(result).toMatchObject({ status: 'succeeded', content: 'The api is deployed.' });
    expect(deployed).toEqual(['api']);
    expect(model.doStreamCalls).toHaveLength(1);
  }, 60_000);

  it('workers: a submitted job is queued, a worker claims and runs it, stop drains', async () => {
    const schema = `ar_readme_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
    onTestFinished(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    });
    const { migrate, ...stores } = createPostgresStores(pool, { schema });
    const model = scriptedModel([{ text: 'The report, in short.' }]);
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }), ...stores });

    await kernel.setScopeLimits({ scopeId: 'tenant-a', maxRunningJobs: 2 });
    const { jobId, status } = await kernel.submit({
      prompt: 'Summarize the report',
      scopeId: 'tenant-a',
      idempotencyKey: 'report-42',
      priority: 10,
    });
    expect(status).toBe('queued');
    expect(model.doStreamCalls).toHaveLength(0);
    expect(await stores.jobQueue.getScopeLimits('tenant-a')).toEqual({
      scopeId: 'tenant-a',
      maxRunningJobs: 2,
    });

    const worker = await kernel.startWorker({ concurrency: 4 });
    const result = await (await kernel.attach(jobId)).result();
    await worker.stop({ graceSeconds: 30 });
    await kernel.shutdown();
    expect(result).toMatchObject({ status: 'succeeded', content: 'The report, in short.' });
    expect(
      await kernel
        .submit({ prompt: 'again', scopeId: 'tenant-a', idempotencyKey: 'report-42' })
        .catch((error: unknown) => error),
    ).toMatchObject({ code: 'KERNEL_SHUT_DOWN' });
  }, 60_000);
});
