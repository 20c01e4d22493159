import { InMemoryActionStore, InMemorySignalChannel } from '@agent-runtime/actions';
import { ValidationError } from '@agent-runtime/core';
import { InMemoryEventBus, InMemoryEventLog } from '@agent-runtime/events';
import { InMemoryJobQueue, InMemoryJobStore, JobRecord } from '@agent-runtime/jobs';
import { InMemoryLedgerWriter } from '@agent-runtime/ledger';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { type AnyRuntimeEvent, defineTool, RuntimeKernel } from '../index';
import { collect, scriptedKernel, typesOf } from '../test-helpers';
import { steppedDriver } from './test-support/stepped-driver';

const request = { prompt: 'Summarize', scopeId: 'tenant-1' };

async function until(condition: () => Promise<boolean> | boolean, seconds = 10): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`condition not met within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('kernel.submit and startWorker (in-process queue)', () => {
  it('submit stores a queued job and runs nothing; a worker runs it through the execute path', async () => {
    const { kernel, model } = scriptedKernel([{ text: 'queued answer' }, { text: 'direct answer' }]);
    onTestFinished(() => kernel.shutdown());
    const submitted = await kernel.submit(request);
    expect(submitted.status).toBe('queued');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(model.doStreamCalls).toHaveLength(0);
    expect((await kernel.jobs.get(submitted.jobId))?.status).toBe('queued');

    const worker = await kernel.startWorker({ concurrency: 2 });
    const handle = await kernel.attach(submitted.jobId);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'succeeded', content: 'queued answer', turns: 1 });
    const viaWorker = typesOf(await collect(await kernel.attach(submitted.jobId)));
    await worker.stop();
    const viaExecute = typesOf(await collect(await kernel.execute(request)));
    expect(viaWorker).toEqual(viaExecute);
    expect(viaWorker).toContain('job.started');
    expect(await kernel.ledger.getUsage({ scopeId: 'tenant-1' })).toMatchObject({
      totalTokens: expect.any(Number),
    });
  });

  it('the same (scopeId, idempotencyKey) returns the first job; bad input is a typed error that queues nothing', async () => {
    const kernel = RuntimeKernel.create({ agent: steppedDriver({ steps: 1 }) });
    onTestFinished(() => kernel.shutdown());
    const first = await kernel.submit({ ...request, idempotencyKey: 'k1' });
    const again = await kernel.submit({ ...request, idempotencyKey: 'k1', prompt: 'other' });
    const otherScope = await kernel.submit({ ...request, scopeId: 'tenant-2', idempotencyKey: 'k1' });
    expect(again).toEqual(first);
    expect(otherScope.jobId).not.toBe(first.jobId);
    for (const [bad, field] of [
      [{ ...request, priority: 1.5 }, 'request.priority'],
      [{ ...request, prompt: '' }, 'request.prompt'],
      [{ ...request, nope: true }, 'request'],
    ] as const) {
      const error = await kernel.submit(bad as never).catch((e: unknown) => e);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(await kernel.jobs.list()).toHaveLength(2);
    await expect(kernel.startWorker({ concurrency: 0 })).rejects.toMatchObject({
      field: 'options.concurrency',
    });
  });

  it('higher priority runs first within a scope; setScopeLimits is kept by the queue', async () => {
    const started: string[] = [];
    const queue = new InMemoryJobQueue();
    const kernel = RuntimeKernel.create({
      agent: steppedDriver({ steps: 1, onModelCall: (jobId) => started.push(jobId) }),
      jobStore: queue.store,
      jobQueue: queue,
    });
    onTestFinished(() => kernel.shutdown());
    await kernel.setScopeLimits({ scopeId: 'tenant-1', maxRunningJobs: 1 });
    expect(await queue.getScopeLimits('tenant-1')).toEqual({ scopeId: 'tenant-1', maxRunningJobs: 1 });
    const low = await kernel.submit(request);
    const high = await kernel.submit({ ...request, priority: 5 });
    await kernel.startWorker({ concurrency: 4 });
    await until(async () => (await kernel.jobs.list({ status: ['succeeded'] })).length === 2);
    expect(started).toEqual([high.jobId, low.jobId]);
  });

  it('without wake-ups (listen: false) the worker still claims, by polling', async () => {
    const queue = new InMemoryJobQueue();
    const kernel = RuntimeKernel.create({
      agent: steppedDriver({ steps: 1 }),
      jobStore: queue.store,
      jobQueue: queue,
    });
    onTestFinished(() => kernel.shutdown());
    const worker = await kernel.startWorker({ listen: false, pollSeconds: 0.05 });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the worker is idle, waiting for its poll
    const { jobId } = await kernel.submit(request);
    expect(await (await kernel.attach(jobId)).result()).toMatchObject({ status: 'succeeded' });
    await worker.stop();
  });

  it('claims in batches up to its free slots: one claim takes all 4 of a backlog, none over the concurrency', async () => {
    const queue = new InMemoryJobQueue();
    const claims: { limit: number; got: number; runningBefore: number }[] = [];
    const claim = queue.claim.bind(queue);
    queue.claim = async (options) => {
      const runningBefore = worker?.running ?? 0;
      const jobs = await claim(options);
      claims.push({ limit: options.limit, got: jobs.length, runningBefore });
      return jobs;
    };
    let active = 0;
    let maxActive = 0;
    const kernel = RuntimeKernel.create({
      agent: steppedDriver({
        steps: 1,
        stepMs: 20,
        onModelCall: () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          setTimeout(() => (active -= 1), 20);
        },
      }),
      jobStore: queue.store,
      jobQueue: queue,
    });
    onTestFinished(() => kernel.shutdown());
    for (let i = 0; i < 12; i++) await kernel.submit({ ...request, prompt: `job ${i}` });
    let worker: Awaited<ReturnType<typeof kernel.startWorker>> | undefined;
    worker = await kernel.startWorker({ concurrency: 4 });
    await until(async () => (await queue.store.count({ status: ['succeeded'] })) === 12);
    await worker.stop();
    expect(claims[0]).toEqual({ limit: 4, got: 4, runningBefore: 0 });
    for (const { limit, runningBefore } of claims) expect(limit + runningBefore).toBeLessThanOrEqual(4);
    expect(maxActive).toBeLessThanOrEqual(4);
    expect(worker.claimed).toBe(12);
  });

  it("a claimed job's first events (queued → running, job.started) are stored in one event-log append", async () => {
    const eventLog = new InMemoryEventLog();
    const appends: string[][] = [];
    const append = eventLog.append.bind(eventLog);
    eventLog.append = (events) => {
      appends.push(events.map((event) => event.type));
      return append(events);
    };
    const queue = new InMemoryJobQueue();
    const kernel = RuntimeKernel.create({
      agent: steppedDriver({ steps: 1 }),
      jobStore: queue.store,
      jobQueue: queue,
      eventLog,
    });
    onTestFinished(() => kernel.shutdown());
    const worker = await kernel.startWorker();
    const { jobId } = await kernel.submit(request);
    expect(await (await kernel.attach(jobId)).result()).toMatchObject({ status: 'succeeded' });
    await worker.stop();
    const first = appends.find((types) => types.includes('job.started'));
    expect(first?.slice(0, 2)).toEqual(['job.status_changed', 'job.started']);
  });

  it('a queued job no kernel can run (enqueued without a prompt) ends failed with a typed error and its final event', async () => {
    const queue = new InMemoryJobQueue();
    const kernel = RuntimeKernel.create({
      agent: steppedDriver({ steps: 1 }),
      jobStore: queue.store,
      jobQueue: queue,
    });
    onTestFinished(() => kernel.shutdown());
    await queue.enqueue(new JobRecord({ jobId: 'bare', scopeId: 'tenant-1' }));
    const worker = await kernel.startWorker();
    const result = await (await kernel.attach('bare')).result();
    expect(result).toMatchObject({ status: 'failed', error: { code: 'JOB_RECOVERY_FAILED' } });
    expect(typesOf(await collect(await kernel.attach('bare'))).at(-1)).toBe('final.error');
    await worker.stop();
    expect(worker.running).toBe(0);
  });

  it('a job waiting for an approval holds no worker slot; once approved the worker finishes it', async () => {
    const confirm = defineTool({
      name: 'confirm_deploy',
      description: 'asks a human',
      inputSchema: z.object({}),
      async execute(_input, toolContext) {
        const action = await toolContext.requireAction({ type: 'confirm', payload: {} });
        return { approved: action.resolution?.approved === true };
      },
    });
    const { kernel } = scriptedKernel(
      [
        { toolCalls: [{ toolName: 'confirm_deploy', input: {}, toolCallId: 'c1' }] },
        { text: 'second job done' },
        { text: 'deployed' },
      ],
      { kernel: { tools: [confirm] } },
    );
    onTestFinished(() => kernel.shutdown());
    const waiting = await kernel.submit({ ...request, prompt: 'deploy' });
    const worker = await kernel.startWorker({ concurrency: 1 });
    await until(async () => (await kernel.jobs.get(waiting.jobId))?.status === 'waiting_action');
    const other = await kernel.submit(request);
    expect(await (await kernel.attach(other.jobId)).result()).toMatchObject({ content: 'second job done' });
    expect(worker.running).toBe(0);
    const [action] = await kernel.actions.listPending();
    await kernel.actions.resolveAction(action!.actionId, { resolution: { approved: true } });
    expect(await (await kernel.attach(waiting.jobId)).result()).toMatchObject({
      status: 'succeeded',
      content: 'deployed',
    });
    await worker.stop();
  });
});

describe('worker.stop()', () => {
  /** Two kernels (two "processes") on the same in-memory stores and queue. */
  function twoKernels(onModelCall: (jobId: string, step: number) => void) {
    const jobStore = new InMemoryJobStore();
    const shared = {
      jobStore,
      jobQueue: new InMemoryJobQueue({ store: jobStore }),
      actionStore: new InMemoryActionStore(),
      ledgerWriter: new InMemoryLedgerWriter(),
      eventBus: new InMemoryEventBus(),
      eventLog: new InMemoryEventLog(),
      signalChannel: new InMemorySignalChannel(),
    };
    const agent = steppedDriver({ steps: 3, stepMs: 40, onModelCall });
    const make = () => RuntimeKernel.create({ agent, ...shared, leaseSeconds: 5, heartbeatSeconds: 1 });
    return { a: make(), b: make(), jobStore };
  }

  it('with jobs running: after the grace they are handed back, another worker resumes them; none lost, no completed step run twice', async () => {
    const calls: { jobId: string; step: number }[] = [];
    const { a, b, jobStore } = twoKernels((jobId, step) => calls.push({ jobId, step }));
    onTestFinished(() => Promise.all([a.shutdown(), b.shutdown()]).then(() => {}));
    for (let i = 0; i < 6; i++) await a.submit({ ...request, prompt: `job ${i}` });
    const first = await a.startWorker({ concurrency: 3 });
    await until(() => calls.length >= 4);
    await first.stop({ graceSeconds: 0 });
    expect(await jobStore.count({ status: ['running'] })).toBe(0);
    const handedBack = await jobStore.list({ status: ['queued'] });
    const completedSteps = new Map(
      handedBack.map((job) => [job.jobId, (job.checkpoint as { step?: number }).step ?? 0]),
    );
    expect([...completedSteps.values()].some((step) => step > 0)).toBe(true);
    const beforeResume = calls.length;

    const second = await b.startWorker({ concurrency: 3 });
    await until(async () => (await jobStore.count({ status: ['succeeded'] })) === 6, 20);
    await second.stop();
    for (const { jobId, step } of calls.slice(beforeResume))
      expect(step).toBeGreaterThan(completedSteps.get(jobId) ?? 0);
    expect(new Set(calls.map(({ jobId, step }) => `${jobId}:${step}`)).size).toBe(18);
    for (const job of await jobStore.list()) {
      expect(job.recoveries).toBe(0);
      expect(job.turn).toBe(3);
    }
  });

  it('with a long grace the running jobs finish in the stopping worker; queued ones stay queued', async () => {
    const calls: string[] = [];
    const { a, jobStore } = twoKernels((jobId, step) => calls.push(`${jobId}:${step}`));
    onTestFinished(() => a.shutdown());
    for (let i = 0; i < 4; i++) await a.submit({ ...request, prompt: `job ${i}` });
    const worker = await a.startWorker({ concurrency: 2 });
    await until(() => calls.length >= 1);
    await worker.stop({ graceSeconds: 30 });
    expect(await jobStore.count({ status: ['succeeded'] })).toBe(2);
    expect(await jobStore.count({ status: ['queued'] })).toBe(2);
    expect(worker.claimed).toBe(2);
  });

  it("kernel.shutdown() stops the kernel's workers", async () => {
    const events: AnyRuntimeEvent[] = [];
    const { a } = twoKernels(() => {});
    void a.events.subscribe((event) => void events.push(event));
    await a.submit(request);
    const worker = await a.startWorker();
    await a.shutdown({ graceSeconds: 10 });
    await worker.stop();
    expect(worker.claimed).toBe(1);
    expect(typesOf(events)).toContain('final.result');
  });
});
