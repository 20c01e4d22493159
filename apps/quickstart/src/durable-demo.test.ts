import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ActionStatus, LedgerEventType } from '@agent-runtime/kernel';
import { createPostgresStores, openPGlite } from '@agent-runtime/store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/** `pnpm quickstart <args>` as a real process (main.ts under tsx over the workspace sources), offline. */
async function quickstart(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    join(appDir, 'node_modules/.bin/tsx'),
    ['--tsconfig', join(appDir, 'tsconfig.sources.json'), join(appDir, 'src/main.ts'), ...args],
    // no OPENAI_API_KEY (offline); its own process group, so the timeout's kill reaches tsx's child too
    { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 90_000);
  const [code] = await once(child, 'exit');
  clearTimeout(timer);
  return { code, output };
}

/** What the store holds about the deployment job, read once the processes have exited. */
async function deploymentJob(dataDir: string) {
  const db = await openPGlite(dataDir);
  try {
    const { jobStore, actionStore, ledgerWriter } = createPostgresStores(db);
    const jobs = await jobStore.list({ scopeId: 'tenant-123' });
    const job = jobs.at(-1); // the quick start's last job
    if (!job) throw new Error('no job in the store');
    const pending = await actionStore.list({ jobId: job.jobId, status: ActionStatus.PENDING });
    const modelCalls = await ledgerWriter.listEvents({
      jobId: job.jobId,
      eventType: LedgerEventType.MODEL_USAGE,
    });
    return { job, pending, modelCalls, jobs };
  } finally {
    await db.close();
  }
}

describe('the durable demo: pnpm quickstart --data-dir <dir>, then --approve (real processes)', () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'quickstart-durable-'));
  });
  afterAll(() => rm(parent, { recursive: true, force: true }));

  it('the first process leaves the deployment waiting and exits; the second approves it and finishes it without re-running step 1', async () => {
    const dataDir = join(parent, 'data');
    const first = await quickstart(['--data-dir', dataDir]);
    expect(first.code).toBe(0);
    expect(first.output).toContain('== With human-in-the-loop (durable: the job outlives this process)');
    expect(first.output).toContain('"message":"Deploy to production?"');
    expect(first.output).toContain(
      `Approve it from any process: pnpm quickstart --data-dir ${dataDir} --approve`,
    );
    expect(first.output).not.toContain('"deployed"');
    const waiting = await deploymentJob(dataDir);
    expect(waiting.job.status).toBe('waiting_action');
    expect(waiting.job.leaseOwner).toBeUndefined();
    expect(waiting.pending).toHaveLength(1);
    expect(waiting.modelCalls).toHaveLength(1);

    const second = await quickstart(['--data-dir', dataDir, '--approve']);
    expect(second.code).toBe(0);
    expect(second.output).toContain(
      `job ${waiting.job.jobId} waits for "Deploy to production?": approved by user-456`,
    );
    expect(second.output).toContain('"output":{"deployed":true,"environment":"production"');
    expect(second.output).toContain('=> succeeded after 2 turn(s)');
    expect(second.output).toContain('model calls of this job: 2 in the ledger, 1 by this process');
    expect(second.output).not.toContain('== Basic execution');
    const done = await deploymentJob(dataDir);
    expect(done.job.status).toBe('succeeded');
    expect(done.pending).toEqual([]);
    // step 1's model call stays the one the first process made: the second made only step 2's
    expect(done.modelCalls.map((call) => call.eventId)).toEqual([
      waiting.modelCalls[0]?.eventId,
      expect.any(String),
    ]);
    expect(done.jobs).toHaveLength(4);

    const third = await quickstart(['--data-dir', dataDir, '--approve']);
    expect(third.code).toBe(0);
    expect(third.output).toContain('No job waits for approval');
  }, 240_000);

  it('--approve without a durable store is refused, naming the flag', async () => {
    const run = await quickstart(['--approve']);
    expect(run.code).toBe(1);
    expect(run.output).toContain('ValidationError: --approve: needs a store that outlives the process');
  }, 120_000);
});
