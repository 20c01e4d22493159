// The crash tests of durable jobs: kernels in child processes (tsx over the sources) on real PostgreSQL stores
// and a Redis signal channel, killed with SIGKILL at chosen points; another process carries on.
import { randomUUID } from 'node:crypto';
import { ActionManager } from '@agent-runtime/actions';
import { JobManager, type JobRecord } from '@agent-runtime/jobs';
import type { RuntimeEvent } from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { CrashChild } from './durable-crash/crash-harness';
import {
  type CrashKernelConfig,
  crashKernel,
  POSTGRES_URL,
  REDIS_URL,
  type ToolRun,
} from './durable-crash/crash-kernel';
import { RedisSignalChannel } from './redis-signal-channel';

const schema = `ar_crash_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const redisPrefix = `test:kernel-crash:${randomUUID()}`;
const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4, application_name: 'durable-crash-test' });
const redis = new Redis(REDIS_URL);
const stores = createPostgresStores(pool, { schema });
const jobs = new JobManager(stores.jobStore);

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.unlink(...keys);
  redis.disconnect();
});

const base = { schema, redisPrefix };
const longText = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

function child(config: Partial<CrashKernelConfig> & Pick<CrashKernelConfig, 'steps'>, execute?: object) {
  const spawned = new CrashChild({ ...base, ...config }, execute as never);
  onTestFinished(() => spawned.kill());
  return spawned;
}

/** A kernel in this process on the same stores, recording its tool runs and events. */
function localKernel(config: Partial<CrashKernelConfig> & Pick<CrashKernelConfig, 'steps'>) {
  const toolRuns: ToolRun[] = [];
  const events: RuntimeEvent[] = [];
  const local = crashKernel({ ...base, ...config }, (run) => toolRuns.push(run));
  void local.kernel.events.subscribe((event) => {
    events.push(event);
  });
  onTestFinished(() => local.close());
  return { ...local, toolRuns, events };
}

async function untilEnded(jobId: string, timeoutMs = 20_000): Promise<JobRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await jobs.get(jobId);
    if (job?.isTerminal) return job;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${job?.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const request = (prompt: string) => ({ prompt, scopeId: 'tenant-1' });

describe('durable jobs across kill -9 (PostgreSQL, Redis)', () => {
  it('killed while waiting_action; another process resolves by token; a third resumes it (woken over Redis), calling the model only after the checkpoint and running the approved tool once', async () => {
    const first = child(
      {
        steps: [{ toolCalls: [{ toolName: 'deploy', input: { service: 'api' }, toolCallId: 'c-deploy' }] }],
        approve: ['deploy'],
      },
      request('deploy the api'),
    );
    const jobId = await first.jobId();
    const required = await first.event('action.required');
    await first.kill();
    expect((await jobs.get(jobId))?.status).toBe('waiting_action');

    const resumer = child({
      steps: [{ text: 'the api is deployed' }],
      approve: ['deploy'],
      sweepIntervalSeconds: 600,
    });
    await resumer.waitFor((line) => line.started === true);
    const signalChannel = new RedisSignalChannel(redis, { keyPrefix: redisPrefix });
    const bareActions = new ActionManager(stores.actionStore, { jobManager: jobs, signalChannel });
    const resolvedAt = Date.now();
    await bareActions.resolve({ resumeToken: required.data.resumeToken, resolution: { approved: true } });
    const ended = await resumer.waitFor((line) => line.ended === jobId);
    console.info(`resolution → job ended in the resumer: ${Date.now() - resolvedAt} ms`);
    await signalChannel.stop();

    const job = await jobs.get(jobId);
    expect(job?.status).toBe('succeeded');
    expect(ended.modelCalls).toBe(1);
    expect(first.toolRuns).toEqual([]);
    expect(resumer.toolRuns).toEqual([{ tool: 'deploy', idempotencyKey: `${jobId}:c-deploy` }]);
    expect(Date.now() - resolvedAt).toBeLessThan(10_000);
  }, 60_000);

  it('killed mid-stream in step 2: a started kernel (leaseSeconds 2) resumes it within lease + sweep, without calling step 1 again', async () => {
    const first = child(
      {
        steps: [
          { toolCalls: [{ toolName: 'deploy', input: { service: 'db' }, toolCallId: 'c-1' }] },
          { text: longText },
        ],
        chunkDelayMs: 30,
        leaseSeconds: 2,
        heartbeatSeconds: 0.5,
      },
      request('deploy the db'),
    );
    const jobId = await first.jobId();
    await first.event('model.token', (data) => data.step === 2);
    await first.kill();
    const killedAt = Date.now();

    const local = localKernel({
      steps: [{ text: 'resumed answer' }],
      leaseSeconds: 2,
      sweepIntervalSeconds: 0.5,
    });
    await local.kernel.start();
    const job = await untilEnded(jobId);
    const resumedAfterMs = local.events.find((e) => e.type === 'model.token')!.timestamp - killedAt;
    console.info(`kill → first token of the resumed step: ${resumedAfterMs} ms (lease 2 s, sweep 0.5 s)`);

    expect(job.status).toBe('succeeded');
    expect(job.recoveries).toBe(1);
    expect(local.model.doStreamCalls).toHaveLength(1);
    expect(JSON.stringify(local.model.doStreamCalls[0]?.prompt)).toContain('deployed db');
    expect(first.toolRuns).toHaveLength(1);
    expect(local.toolRuns).toEqual([]);
    expect(resumedAfterMs).toBeLessThan(2_000 + 600 + 2_000);
  }, 60_000);

  it('killed during a non-idempotent tool: it is not run again and the model is told (ToolInterruptedError)', async () => {
    const first = child(
      {
        steps: [{ toolCalls: [{ toolName: 'charge', input: { cents: 500 }, toolCallId: 'c-charge' }] }],
        toolMs: 60_000,
        leaseSeconds: 1,
        heartbeatSeconds: 0.3,
      },
      request('charge it'),
    );
    const jobId = await first.jobId();
    await first.waitFor((line) => line.toolRun?.tool === 'charge');
    await first.kill();

    const local = localKernel({
      steps: [{ text: 'the charge may or may not have happened' }],
      leaseSeconds: 1,
      sweepIntervalSeconds: 0.3,
    });
    await local.kernel.start();
    const job = await untilEnded(jobId);

    expect(job.status).toBe('succeeded');
    expect(local.toolRuns).toEqual([]);
    const toolError = local.events.find((e) => e.type === 'tool.error');
    expect(toolError?.data).toMatchObject({ toolCallId: 'c-charge', error: { code: 'TOOL_INTERRUPTED' } });
    expect(JSON.stringify(local.model.doStreamCalls[0]?.prompt)).toContain('interrupted');
  }, 60_000);

  it('killed during an idempotent tool: it runs once more, with the same idempotency key', async () => {
    const first = child(
      {
        steps: [{ toolCalls: [{ toolName: 'sync', input: { mirror: 'eu' }, toolCallId: 'c-sync' }] }],
        toolMs: 60_000,
        leaseSeconds: 1,
        heartbeatSeconds: 0.3,
      },
      request('sync it'),
    );
    const jobId = await first.jobId();
    await first.waitFor((line) => line.toolRun?.tool === 'sync');
    await first.kill();

    const local = localKernel({ steps: [{ text: 'synced' }], leaseSeconds: 1, sweepIntervalSeconds: 0.3 });
    await local.kernel.start();
    const job = await untilEnded(jobId);

    expect(job.status).toBe('succeeded');
    expect(first.toolRuns).toEqual([{ tool: 'sync', idempotencyKey: `${jobId}:c-sync` }]);
    expect(local.toolRuns).toEqual([{ tool: 'sync', idempotencyKey: `${jobId}:c-sync` }]);
    expect(JSON.stringify(local.model.doStreamCalls[0]?.prompt)).toContain('synced eu');
  }, 60_000);

  it('a resolution made while no kernel runs is picked up by the next kernel.start()', async () => {
    const first = child(
      {
        steps: [{ toolCalls: [{ toolName: 'deploy', input: { service: 'web' }, toolCallId: 'c-web' }] }],
        approve: ['deploy'],
      },
      request('deploy web'),
    );
    const jobId = await first.jobId();
    const required = await first.event('action.required');
    await first.kill();
    const bareActions = new ActionManager(stores.actionStore, { jobManager: jobs });
    await bareActions.resolve({ resumeToken: required.data.resumeToken, resolution: { approved: true } });
    expect((await jobs.get(jobId))?.status).toBe('running');

    const local = localKernel({
      steps: [{ text: 'web is live' }],
      approve: ['deploy'],
      sweepIntervalSeconds: 0.5,
    });
    await local.kernel.start();
    const job = await untilEnded(jobId);

    expect(job.status).toBe('succeeded');
    expect(local.model.doStreamCalls).toHaveLength(1);
    expect(local.toolRuns).toEqual([{ tool: 'deploy', idempotencyKey: `${jobId}:c-web` }]);
  }, 60_000);

  it('an action timeout and a job deadline fire in a kernel that did not start the job', async () => {
    const step = { toolCalls: [{ toolName: 'confirm_write', input: {}, toolCallId: 'c-confirm' }] };
    const expiring = child(
      { steps: [step], actionTimeoutSeconds: 2 },
      request('write with a 2 s confirmation'),
    );
    const overdue = child({ steps: [step] }, { ...request('write within 3 s'), timeoutSeconds: 3 });
    const actionJob = await expiring.jobId();
    const deadlineJob = await overdue.jobId();
    const expiringAction = await expiring.event('action.required');
    await overdue.event('action.required');
    await Promise.all([expiring.kill(), overdue.kill()]);

    const local = localKernel({
      steps: [{ text: 'nobody confirmed, nothing written' }],
      sweepIntervalSeconds: 0.3,
    });
    await local.kernel.start();
    const [withAction, withDeadline] = await Promise.all([untilEnded(actionJob), untilEnded(deadlineJob)]);

    expect((await stores.actionStore.get(expiringAction.data.actionId))?.status).toBe('expired');
    expect(withAction.status).toBe('succeeded');
    expect(JSON.stringify(local.model.doStreamCalls[0]?.prompt)).toContain('nobody confirmed');
    expect(local.toolRuns).toEqual([]);
    expect(withDeadline.status).toBe('timed_out');
  }, 60_000);

  it('a job taken over more than maxRecoveries times ends failed with JobRecoveryError', async () => {
    const streaming = { chunkDelayMs: 30, leaseSeconds: 1, heartbeatSeconds: 0.3, sweepIntervalSeconds: 0.3 };
    const first = child({ steps: [{ text: longText }], ...streaming }, request('keeps crashing'));
    const jobId = await first.jobId();
    await first.event('model.token');
    await first.kill();
    const second = child({ steps: [{ text: longText }], ...streaming });
    await second.waitFor((line) => line.event === 'model.token' && line.jobId === jobId);
    await second.kill();

    const local = localKernel({
      steps: [{ text: 'never called' }],
      leaseSeconds: 1,
      sweepIntervalSeconds: 0.3,
      maxRecoveries: 1,
    });
    await local.kernel.start();
    const job = await untilEnded(jobId);

    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('JOB_RECOVERY_FAILED');
    expect(job.recoveries).toBe(2);
    expect(local.model.doStreamCalls).toHaveLength(0);
  }, 60_000);
});
