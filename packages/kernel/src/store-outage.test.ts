import { setTimeout as sleep } from 'node:timers/promises';
import { InMemoryJobQueue } from '@agent-runtime/jobs';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import { deferred } from '@agent-runtime/test-helpers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentDriver,
  InMemoryJobStore,
  JobOutcomeNotStoredError,
  type JobRecord,
  RuntimeKernel,
} from './index';
import { TcpProxy } from './test-support/tcp-proxy';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ar_outage_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
/** Longer than the ~9 s the terminal write used to be retried before the handle reported `failed`. */
const OUTAGE_MS = 11_000;

/**
 * One step, then `finish`; after its checkpoint is stored it tells `finished` and waits for `gate` before the
 * run ends (so the test can take the database away right before the terminal write). A resumed run finishes
 * at once.
 */
function gatedDriver(gate: Promise<void>, finished: () => void): AgentDriver {
  const model = { provider: 'test', modelId: 'gated' };
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  const state = { step: 1, messages: [{ role: 'assistant', content: 'done' }], usage };
  const finish = { type: 'finish', text: 'done', usage, steps: 1, state } as const;
  return {
    model,
    async *run(request) {
      if (request.resumeFrom) {
        yield finish;
        return;
      }
      yield { type: 'step-start', step: 1, model };
      yield {
        type: 'step-finish',
        step: 1,
        model,
        text: 'done',
        toolCalls: [],
        finishReason: 'stop',
        usage,
        durationMs: 0,
        state,
      };
      yield finish;
      finished();
      await gate;
    },
  };
}

let admin: pg.Pool; // direct to the database: what the table says, whatever the proxy does
const pools: pg.Pool[] = [];
beforeAll(async () => {
  admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
  await createPostgresStores(admin, { schema }).migrate();
});
afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await Promise.all([admin, ...pools].map((pool) => pool.end()));
});

/** A kernel whose stores reach PostgreSQL through a proxy the test can cut, running one gated job. */
async function jobBehindProxy(kernelOptions: { leaseSeconds?: number; heartbeatSeconds?: number } = {}) {
  const target = new URL(POSTGRES_URL);
  const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  const url = new URL(POSTGRES_URL);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4, connectionTimeoutMillis: 2000 });
  pools.push(pool);
  const { jobStore, actionStore, ledgerWriter } = createPostgresStores(pool, { schema });
  const gate = deferred();
  const finished = deferred();
  const kernel = RuntimeKernel.create({
    agent: gatedDriver(gate.promise, finished.resolve),
    jobStore,
    actionStore,
    ledgerWriter,
    ...kernelOptions,
  });
  const handle = await kernel.execute({ prompt: 'p', scopeId: 'outage' });
  await finished.promise;
  return { proxy, kernel, handle, endRun: gate.resolve };
}

const storedStatus = async (jobId: string) =>
  (await createPostgresStores(admin, { schema }).jobStore.get(jobId))?.status;

describe('a job store unreachable while a job ends, for longer than the terminal-write retry', () => {
  it('the handle settles only once the outcome is stored, and reports what is stored', async () => {
    const { proxy, kernel, handle, endRun } = await jobBehindProxy();
    try {
      await proxy.cut();
      endRun(); // the run ends now: its terminal write meets a refused connection
      const during = await Promise.race([
        handle.result().then((result) => result.status),
        sleep(OUTAGE_MS).then(() => 'not settled'),
      ]);
      expect(during).toBe('not settled'); // the code before this reported `failed` after ~9 s here
      expect(await storedStatus(handle.jobId)).toBe('running');

      await proxy.restore();
      const result = await Promise.race([handle.result(), sleep(15_000).then(() => undefined)]);
      expect(result).toMatchObject({ status: 'succeeded', content: 'done', error: null });
      expect(await storedStatus(handle.jobId)).toBe('succeeded');
    } finally {
      await proxy.restore().catch(() => {});
      await kernel.shutdown();
      await proxy.cut();
    }
  }, 60_000);

  it('shutdown gives up after its grace: result() and shutdown() reject typed, the job stays running and another kernel resumes it', async () => {
    const { proxy, kernel, handle, endRun } = await jobBehindProxy({ leaseSeconds: 2, heartbeatSeconds: 1 });
    try {
      await proxy.cut();
      endRun();
      await sleep(300);
      const shutdown = await kernel.shutdown({ graceSeconds: 1 }).catch((error: unknown) => error);
      expect(shutdown).toSatisfy(JobOutcomeNotStoredError.isInstance);
      expect((shutdown as JobOutcomeNotStoredError).jobIds).toEqual([handle.jobId]);
      const reported = await handle.result().catch((error: unknown) => error);
      expect(reported).toSatisfy(JobOutcomeNotStoredError.isInstance);
      expect(await storedStatus(handle.jobId)).toBe('running'); // no caller was told it failed

      const { jobStore, actionStore, ledgerWriter } = createPostgresStores(admin, { schema });
      const recovering = RuntimeKernel.create({
        agent: gatedDriver(Promise.resolve(), () => {}),
        jobStore,
        actionStore,
        ledgerWriter,
        sweepIntervalSeconds: 0.5,
      });
      try {
        await recovering.start();
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline && (await storedStatus(handle.jobId)) === 'running') await sleep(200);
        const resumed = await (await recovering.attach(handle.jobId)).result();
        expect(resumed).toMatchObject({ status: 'succeeded', content: 'done' });
        expect(await storedStatus(handle.jobId)).toBe('succeeded');
      } finally {
        await recovering.shutdown();
      }
    } finally {
      await proxy.cut();
    }
  }, 60_000);
});

/** A job store whose terminal writes fail (as on a dropped connection) while `down`. */
class TerminalWritesDown extends InMemoryJobStore {
  down = true;
  refused = 0;

  override async update(job: JobRecord): Promise<JobRecord> {
    if (this.down && job.isTerminal) {
      this.refused++;
      throw Object.assign(new Error('connection terminated unexpectedly'), { code: 'ECONNRESET' });
    }
    return super.update(job);
  }
}

describe('a worker whose job cannot store its end when the kernel shuts down', () => {
  it('hands the job back: shutdown settles within its grace, nobody is told it ended, and it runs again later', async () => {
    const jobStore = new TerminalWritesDown();
    const jobQueue = new InMemoryJobQueue({ store: jobStore });
    const agent = gatedDriver(Promise.resolve(), () => {});
    const kernel = RuntimeKernel.create({ agent, jobStore, jobQueue });
    const { jobId } = await kernel.submit({ prompt: 'p', scopeId: 'outage' });
    const worker = await kernel.startWorker();
    const until = Date.now() + 10_000;
    while (jobStore.refused < 2 && Date.now() < until) await sleep(10);
    expect(jobStore.refused).toBeGreaterThanOrEqual(2); // the end is being retried

    const started = performance.now();
    const stopped = await Promise.race([
      kernel.shutdown({ graceSeconds: 0.5 }).then(
        () => 'settled',
        (error: unknown) => error,
      ),
      sleep(10_000).then(() => 'hung'),
    ]);
    expect(stopped).toBe('settled'); // the code before this waited for the write forever here
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(worker.claimed).toBe(1);
    expect((await jobStore.get(jobId))?.status).toBe('queued'); // handed back, not ended

    jobStore.down = false;
    const next = RuntimeKernel.create({ agent, jobStore, jobQueue });
    try {
      await next.startWorker();
      expect(await (await next.attach(jobId)).result()).toMatchObject({ status: 'succeeded' });
    } finally {
      await next.shutdown();
    }
  }, 30_000);
});
