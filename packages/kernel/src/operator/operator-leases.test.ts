// Operator jobs hold leases like a job's: a started kernel sweeping with a short lease leaves a live operator
// run alone, and ends the run of a kernel that died.
import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { severable } from '../durable/test-support/severable';
import {
  AgentOperator,
  ChainOperator,
  defineTool,
  InMemoryActionStore,
  InMemoryEventBus,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  InMemorySignalChannel,
  type JobRecord,
  RuntimeKernel,
  type RuntimeKernelCreateOptions,
} from '../index';
import { oneStepDriver } from '../test-helpers';

const LEASE = { leaseSeconds: 1, heartbeatSeconds: 0.2, sweepIntervalSeconds: 0.2 };

function sharedStores() {
  return {
    jobStore: new InMemoryJobStore(),
    actionStore: new InMemoryActionStore(),
    ledgerWriter: new InMemoryLedgerWriter(),
    eventBus: new InMemoryEventBus(),
    signalChannel: new InMemorySignalChannel(),
  };
}

function kernelOn(
  stores: Omit<RuntimeKernelCreateOptions, 'agent'>,
  workerId: string,
  { dies = false } = {},
) {
  const kernel = RuntimeKernel.create({ agent: oneStepDriver('unused'), ...stores, ...LEASE, workerId });
  if (!dies) onTestFinished(() => kernel.shutdown({ graceSeconds: 0 }));
  return kernel;
}

/** An agent whose one tool runs until `release()` (or its signal aborts). */
function waitingAgent() {
  let release = () => {};
  let entered = () => {};
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const hold = defineTool({
    name: 'hold',
    description: 'waits',
    inputSchema: z.object({}),
    execute: (_input, { signal }) =>
      new Promise<string>((resolve, reject) => {
        release = () => resolve('released');
        signal.addEventListener('abort', () => reject(signal.reason));
        entered();
      }),
  });
  const operator = new AgentOperator({
    name: 'worker',
    prompt: '{text}',
    tools: [hold],
    driver: scriptedDriver([{ toolCalls: [{ toolName: 'hold', input: {} }] }, { text: 'done' }]),
  });
  return { operator, inside, release: () => release() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('operator jobs hold leases', () => {
  it('a started kernel sweeping with a 1 s lease leaves a live operator run alone for 3 s: its jobs hold and renew the lease of the kernel running it', async () => {
    const stores = sharedStores();
    const runner = kernelOn(stores, 'runner');
    const sweeper = kernelOn(stores, 'sweeper');
    await sweeper.start();
    const work = waitingAgent();
    const run = await runner.executeOperator(
      new ChainOperator([work.operator]),
      { text: 'go' },
      { scopeId: 's' },
    );
    await work.inside;
    const [child] = await runner.jobs.list({ parentJobId: run.jobId });
    const first = await leasesOf(runner, [run.jobId, child!.jobId]);
    expect(first.map((job) => job.leaseOwner)).toEqual(['runner', 'runner']);
    await sleep(3_000); // three lease lengths, some fifteen sweeps
    const later = await leasesOf(runner, [run.jobId, child!.jobId]);
    expect(later.map((job) => job.status)).toEqual(['running', 'running']);
    expect(later.map((job) => job.leaseOwner)).toEqual(['runner', 'runner']);
    for (const [i, job] of later.entries())
      expect(job.leaseExpiresAt).toBeGreaterThan(first[i]!.leaseExpiresAt!);
    work.release();
    expect(await run.result()).toMatchObject({ success: true, content: 'done' });
    const ended = await leasesOf(runner, [run.jobId, child!.jobId]);
    expect(ended.map((job) => [job.status, job.recoveries, job.leaseOwner])).toEqual([
      ['succeeded', 0, undefined],
      ['succeeded', 0, undefined],
    ]);
  });

  it('the kernel running an operator job dies: a started kernel ends the run failed with JobRecoveryError once the leases lapse', async () => {
    const stores = sharedStores();
    const cut = severable();
    const dying = kernelOn(
      {
        ...stores,
        jobStore: cut.wrap(stores.jobStore),
        actionStore: cut.wrap(stores.actionStore),
        ledgerWriter: cut.wrap(stores.ledgerWriter),
      },
      'dying',
      { dies: true },
    );
    const work = waitingAgent();
    const run = await dying.executeOperator(
      new ChainOperator([work.operator]),
      { text: 'go' },
      { scopeId: 's' },
    );
    await work.inside;
    cut.sever();
    const sweeper = kernelOn(stores, 'sweeper');
    await sweeper.start();
    const [child] = await sweeper.jobs.list({ parentJobId: run.jobId });
    await expect
      .poll(async () => (await leasesOf(sweeper, [run.jobId, child!.jobId])).map((job) => job.status), {
        timeout: 10_000,
        interval: 100,
      })
      .toEqual(['failed', 'failed']);
    const failed = await leasesOf(sweeper, [run.jobId, child!.jobId]);
    for (const job of failed) expect(job.error).toMatchObject({ code: 'JOB_RECOVERY_FAILED' });
    expect((await (await sweeper.attach(run.jobId)).result()).error).toMatchObject({
      message: expect.stringContaining('abandoned'),
    });
  });
});

async function leasesOf(kernel: RuntimeKernel, jobIds: string[]): Promise<JobRecord[]> {
  return Promise.all(jobIds.map(async (jobId) => (await kernel.jobs.get(jobId))!));
}
