import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineTool,
  type EventBus,
  type EventLog,
  InMemoryActionStore,
  InMemoryEventBus,
  InMemoryEventLog,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  InMemorySignalChannel,
  NotFoundError,
  type RuntimeEvent,
  RuntimeKernel,
} from '../index';
import { collect, scriptedKernel, waitForEvent } from '../test-helpers';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
const json = (events: readonly RuntimeEvent[]) => events.map((event) => event.toJSON());

/** Two kernels (think: two processes) over the same stores and event log, each with a bus of its own. */
function twoKernels(text = words(20)) {
  const shared = {
    jobStore: new InMemoryJobStore(),
    actionStore: new InMemoryActionStore(),
    ledgerWriter: new InMemoryLedgerWriter(),
    eventLog: new InMemoryEventLog(),
  };
  const kernel = (steps: object[]) =>
    RuntimeKernel.create({
      agent: aiSdkDriver({ model: scriptedModel(steps, { chunkDelayMs: 2 }), middleware: 'none' }),
      ...shared,
    });
  return { a: kernel([{ text }]), b: kernel([]), ...shared };
}

describe('kernel.attach', () => {
  it('from another kernel midway: the same events (same order, same seq) and the same result', async () => {
    const { a, b } = twoKernels();
    const handle = await a.execute({ prompt: 'p', scopeId: 's' });
    const own = collect(handle);
    await waitForEvent(handle, 'model.token');
    const attached = await b.attach(handle.jobId);
    const [events, ownEvents] = await Promise.all([collect(attached), own]);
    expect(events.length).toBeGreaterThan(20);
    expect(json(events)).toEqual(json(ownEvents));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(await attached.result()).toEqual(await handle.result());
  });

  it('after the job ended: the whole history, then the final event', async () => {
    const { a, b } = twoKernels();
    const handle = await a.execute({ prompt: 'p', scopeId: 's' });
    const result = await handle.result();
    const attached = await b.attach(handle.jobId);
    expect(json(await collect(attached))).toEqual(json(await collect(handle)));
    expect(await attached.result()).toEqual(result);
  });

  it('cancel() through an attached handle ends the job', async () => {
    const { a, b } = twoKernels(words(400));
    const handle = await a.execute({ prompt: 'p', scopeId: 's' });
    await waitForEvent(handle, 'model.token');
    const attached = await b.attach(handle.jobId);
    // the kernels share no bus here: the runner learns of the cancel when it next writes the job
    const cancelled = attached.cancel('from b');
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    await cancelled;
    expect(await attached.result()).toMatchObject({ status: 'cancelled' });
  });

  it('a job unknown to the stores is a NotFoundError', async () => {
    const { b } = twoKernels();
    await expect(b.attach('job_missing')).rejects.toSatisfy(NotFoundError.isInstance);
  });

  it('a job the log does not know (ended before it had a log) still ends, with its final event rebuilt', async () => {
    const { a, jobStore, actionStore, ledgerWriter } = twoKernels();
    const { jobId } = await (await a.execute({ prompt: 'p', scopeId: 's' })).result();
    const other = RuntimeKernel.create({
      agent: aiSdkDriver({ model: scriptedModel([]) }),
      jobStore,
      actionStore,
      ledgerWriter,
    });
    const attached = await other.attach(jobId);
    expect((await collect(attached)).map((e) => e.type)).toEqual(['final.result']);
    expect(await attached.result()).toMatchObject({ status: 'succeeded', content: words(20) });
  });
});

describe('the log comes before the bus', () => {
  it('appends every event of a job to the log before any subscriber can see it', async () => {
    const order: string[] = [];
    const log = new InMemoryEventLog();
    const eventLog: EventLog = {
      append: async (events) => {
        for (const event of events) order.push(`stored ${event.eventId}`);
        return log.append(events);
      },
      read: (jobId, options) => log.read(jobId, options),
      follow: (jobId, options) => log.follow(jobId, options),
      prune: (options) => log.prune(options),
    };
    const inner = new InMemoryEventBus();
    const eventBus: EventBus = {
      publish: async (event) => {
        order.push(`published ${event.eventId}`);
        await inner.publish(event);
      },
      subscribe: (handler, filter, options) => inner.subscribe(handler, filter, options),
      close: () => inner.close(),
    };
    const { kernel } = scriptedKernel([{ text: words(5) }], { kernel: { eventLog, eventBus } });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    const events = await collect(handle);
    const published = order.filter((line) => line.startsWith('published'));
    expect(published).toHaveLength(events.length);
    for (const event of events) {
      expect(order.indexOf(`stored ${event.eventId}`)).toBeGreaterThan(-1);
      expect(order.indexOf(`stored ${event.eventId}`)).toBeLessThan(
        order.indexOf(`published ${event.eventId}`),
      );
    }
    expect(json(await log.read(handle.jobId))).toEqual(json(events));
  });

  it('publishes nothing of a job whose events cannot be stored, and the job does not end as succeeded', async () => {
    const published: RuntimeEvent[] = [];
    const bus = new InMemoryEventBus();
    await bus.subscribe((event) => {
      published.push(event);
    });
    const eventLog: EventLog = {
      append: async () => {
        throw new Error('log is down');
      },
      read: async () => [],
      follow: () => new InMemoryEventLog().follow('none'),
      prune: async () => 0,
    };
    const { kernel } = scriptedKernel([{ text: 'hi' }], { kernel: { eventLog, eventBus: bus } });
    // the first lifecycle event already fails, so execute() itself rejects with the log's error
    const outcome = await kernel
      .execute({ prompt: 'p', scopeId: 's' })
      .then((handle) => handle.result())
      .catch((error: Error) => ({ status: 'rejected', error: error.message }));
    await bus.drain();
    expect(outcome).toMatchObject({ status: 'rejected', error: 'log is down' });
    expect(published).toEqual([]);
  });

  it('stores every token delta; deltas published during an append share the next one', async () => {
    const log = new InMemoryEventLog();
    const appends: number[] = [];
    const eventLog: EventLog = {
      append: async (events) => {
        appends.push(events.length);
        await new Promise((resolve) => setTimeout(resolve, 15));
        return log.append(events);
      },
      read: (jobId, options) => log.read(jobId, options),
      follow: (jobId, options) => log.follow(jobId, options),
      prune: (options) => log.prune(options),
    };
    const text = words(60);
    const { kernel } = scriptedKernel([{ text }], { kernel: { eventLog }, chunkDelayMs: 1 });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    const live = await collect(handle);
    const stored = await log.read(handle.jobId);
    expect(json(stored)).toEqual(json(live));
    const tokens = stored.filter((e) => e.type === 'model.token').map((e) => e.data.delta);
    expect(tokens.join('')).toBe(text);
    expect(appends.length).toBeLessThan(stored.length / 2);
  });

  it('keeps resume tokens out of the log; the running handle still has them', async () => {
    const confirm = defineTool({
      name: 'confirm_it',
      description: 'asks a human',
      inputSchema: z.object({}),
      execute: async (_input, toolContext) =>
        (await toolContext.requireAction({ type: 'confirm' })).resolution,
    });
    const eventLog = new InMemoryEventLog();
    const { kernel } = scriptedKernel(
      [{ toolCalls: [{ toolName: 'confirm_it', input: {} }] }, { text: 'ok' }],
      {
        kernel: { eventLog, tools: [confirm], signalChannel: new InMemorySignalChannel() },
      },
    );
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    const required = await waitForEvent(handle, 'action.required');
    const token = required.data.resumeToken;
    expect(token).toMatch(/.{16,}/);
    const sameKernel = await waitForEvent(await kernel.attach(handle.jobId), 'action.required');
    expect(sameKernel.data.resumeToken).toBe(token); // it shares the running job's buffer, not the log
    await kernel.actions.resolve({ resumeToken: token, resolution: { ok: true } });
    await handle.result();
    const stored = (await eventLog.read(handle.jobId)).find((e) => e.type === 'action.required');
    expect(stored?.seq).toBe(required.seq);
    expect(stored?.data.resumeToken).toBe('[redacted]');
  });
});

describe('attach when the log fails', () => {
  it('ends events() and rejects result() with the log error', async () => {
    const { a, jobStore, actionStore, ledgerWriter } = twoKernels();
    const handle = await a.execute({ prompt: 'p', scopeId: 's' });
    const failing = new InMemoryEventLog();
    const broken: EventLog = {
      append: (events) => failing.append(events),
      read: async () => {
        throw new Error('log is down');
      },
      follow: (jobId, options) => failing.follow(jobId, options),
      prune: (options) => failing.prune(options),
    };
    await handle.result();
    const observer = RuntimeKernel.create({
      agent: aiSdkDriver({ model: scriptedModel([]) }),
      jobStore,
      actionStore,
      ledgerWriter,
      eventLog: broken,
    });
    const attached = await observer.attach(handle.jobId);
    expect(await collect(attached)).toEqual([]);
    await expect(attached.result()).rejects.toThrow('log is down');
  });
});
