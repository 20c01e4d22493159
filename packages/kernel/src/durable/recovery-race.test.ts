// Two kernels on one PostgreSQL database race to take over the same crashed job, 200 times: the lease decides.
import { randomUUID } from 'node:crypto';
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, InMemoryEventBus, InMemorySignalChannel, JobRecord, RuntimeKernel } from '../index';
import type { KernelCheckpoint } from './kernel-checkpoint';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const TRIALS = 200;
const schema = `ar_race_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10, application_name: 'durable-race-test' });
const stores = createPostgresStores(pool, { schema });

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

/** A job whose kernel died after step 1 asked for `deploy`: running, its lease lapsed. */
function crashedJob(jobId: string): JobRecord {
  const call = { toolCallId: `call-${jobId}`, toolName: 'deploy', input: { service: 'api' } };
  const checkpoint: KernelCheckpoint = {
    prompt: 'deploy the api',
    toolJournal: {},
    step: 1,
    messages: [
      { role: 'user', content: 'deploy the api' },
      { role: 'assistant', content: [{ type: 'tool-call', ...call }] },
    ],
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    pendingToolCalls: [call],
  };
  return new JobRecord({
    jobId,
    scopeId: 'tenant-1',
    status: 'running',
    startedAt: Date.now(),
    turn: 1,
    leaseOwner: 'dead-worker',
    leaseExpiresAt: Date.now() - 1_000,
    checkpoint: checkpoint as never,
  });
}

it(`two kernels racing to recover one job, ${TRIALS} times: exactly one runs it, no duplicate model call or tool run`, async () => {
  const deployRuns = new Map<string, number>();
  const deploy = defineTool({
    name: 'deploy',
    description: 'deploys',
    inputSchema: z.object({ service: z.string() }),
    execute: (_input, toolContext) => {
      deployRuns.set(toolContext.jobId, (deployRuns.get(toolContext.jobId) ?? 0) + 1);
      return 'deployed';
    },
  });
  const shared = {
    jobStore: stores.jobStore,
    actionStore: stores.actionStore,
    ledgerWriter: stores.ledgerWriter,
    eventBus: new InMemoryEventBus(),
    signalChannel: new InMemorySignalChannel(),
    tools: [deploy],
    sweepIntervalSeconds: 600,
  };
  const steps = Array.from({ length: TRIALS }, () => ({ text: 'deployed it' }));
  const models = [scriptedModel(steps), scriptedModel(steps)];
  const [a, b] = models.map((model) =>
    RuntimeKernel.create({ agent: aiSdkDriver({ model, middleware: 'none' }), ...shared }),
  ) as [RuntimeKernel, RuntimeKernel];
  const modelCalls = () => models[0]!.doStreamCalls.length + models[1]!.doStreamCalls.length;
  const startedAt = Date.now();
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      const jobId = `job-race-${trial}`;
      await stores.jobStore.create(crashedJob(jobId));
      const before = modelCalls();
      const handles = await Promise.all([a.resume(jobId), b.resume(jobId)]);
      const results = await Promise.all(handles.map((handle) => handle.result()));
      expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      expect(modelCalls() - before).toBe(1);
      expect(deployRuns.get(jobId)).toBe(1);
      expect((await stores.jobStore.get(jobId))?.recoveries).toBe(1);
    }
  } finally {
    await Promise.all([a.shutdown(), b.shutdown()]);
  }
  console.info(`${TRIALS} recovery races in ${Date.now() - startedAt} ms`);
}, 120_000);
