import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStores, openPGlite } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { OFFLINE_SCRIPT } from './offline-script';
import { runOffline, storedJobs } from './run-offline';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** What one run leaves in the store, in order: haiku, summary, over budget, deployment (approved). */
const ONE_RUN = ['succeeded', 'succeeded', 'failed', 'succeeded'];
/** The same when no one approved: on a durable store the deployment waits there. */
const WAITING_RUN = ['succeeded', 'succeeded', 'failed', 'waiting_action'];
/** Every scripted model step is called once per run. */
const scriptedTokens = OFFLINE_SCRIPT.reduce(
  (sum, { usage }) => sum + (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0),
  0,
);

describe('quick start with --data-dir (PGlite)', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('keeps the jobs of a run, so the next run sees them', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'quickstart-'));
    dirs.push(parent);
    const dataDir = join(parent, 'data');

    const first = await runOffline(['--data-dir', dataDir]);
    expect(first.split('\n')[1]).toBe(`Store: PGlite (embedded PostgreSQL) in ${dataDir}.`);
    expect(first).toContain('=> failed after 0 turn(s)');
    expect(first).toContain(`Approve it from any process: pnpm quickstart --data-dir ${dataDir} --approve`);
    expect(storedJobs(first)).toBe(4);

    // --yes approves in this process, as in memory
    const second = await runOffline([`--data-dir=${dataDir}`, '--yes']);
    expect(second).toContain('"deployed":true');
    expect(storedJobs(second)).toBe(8);

    const db = await openPGlite(dataDir);
    try {
      const jobs = await createPostgresStores(db).jobStore.list({ scopeId: 'tenant-123' });
      expect(jobs.map((job) => job.status)).toEqual([...WAITING_RUN, ...ONE_RUN]);
      expect(new Set(jobs.map((job) => job.jobId)).size).toBe(8);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe('quick start with DATABASE_URL (PostgreSQL)', () => {
  const schema = `quickstart_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new pg.Pool({ connectionString: POSTGRES_URL });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('runs on the server, in the schema DATABASE_SCHEMA names; --approve continues the deployment', async () => {
    const env = { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema };
    const text = await runOffline([], env);
    const server = new URL(POSTGRES_URL);
    expect(text.split('\n')[1]).toBe(
      `Store: PostgreSQL at ${server.host}${server.pathname} (DATABASE_URL), schema ${schema}.`,
    );
    expect(text).not.toContain('"deployed"');
    expect(storedJobs(text)).toBe(4);
    const approved = await runOffline(['--approve'], env);
    expect(approved).toContain('"deployed":true');
    expect(storedJobs(approved)).toBe(4);

    const { jobStore, ledgerWriter } = createPostgresStores(pool, { schema });
    const jobs = await jobStore.list({ scopeId: 'tenant-123' });
    expect(jobs.map((job) => job.status)).toEqual(ONE_RUN);
    // every scripted step was called once over the two runs: the resumed job did not repeat its first step
    const usage = await ledgerWriter.getUsage({ scopeId: 'tenant-123' });
    expect(usage).toMatchObject({ totalTokens: scriptedTokens, requests: OFFLINE_SCRIPT.length });
  }, 60_000);
});
