import { RuntimeEvent } from '@agent-runtime/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { toSqlDatabase } from '../database/to-sql-database';
import { POSTGRES_URL, postgresBackend, uniqueName } from '../test-support/test-databases';
import { PostgresEventLog } from './postgres-event-log';

const backend = postgresBackend();
const pools: pg.Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await backend.close();
});

function pool(applicationName = uniqueName('evlog')): pg.Pool {
  const created = new pg.Pool({ connectionString: POSTGRES_URL, max: 4, application_name: applicationName });
  pools.push(created);
  return created;
}

const event = (jobId: string, type: RuntimeEvent['type'] = 'progress') =>
  new RuntimeEvent({ type, jobId, data: { progress: 0.5 } });

async function collect(events: AsyncIterable<RuntimeEvent>, seconds: number): Promise<RuntimeEvent[]> {
  const out: RuntimeEvent[] = [];
  const timeout = AbortSignal.timeout(seconds * 1000);
  for await (const e of events) {
    out.push(e);
    if (timeout.aborted) throw new Error(`not done within ${seconds} s`);
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgresEventLog on PostgreSQL', () => {
  const tableName = () => uniqueName('events');

  it('sends a NOTIFY per job after each append commits, whatever the batch size', async () => {
    const log = new PostgresEventLog(pool(), { schema: backend.schema, tableName: tableName() });
    await log.migrate();
    const listener = new pg.Client({ connectionString: POSTGRES_URL });
    await listener.connect();
    const payloads: string[] = [];
    listener.on('notification', (message) => payloads.push(message.payload ?? ''));
    await listener.query(`LISTEN "${log.channel}"`);
    try {
      await log.append([...Array.from({ length: 10 }, () => event('job-a')), event('job-b'), event('job-a')]);
      await log.append([event('job-a')]);
      await sleep(300);
      expect(payloads.sort()).toEqual(['job-a', 'job-a', 'job-b']);
    } finally {
      await listener.end();
    }
  });

  it('delivers by polling when it cannot LISTEN (an adapted SqlDatabase)', async () => {
    const log = new PostgresEventLog(toSqlDatabase(pool()), {
      schema: backend.schema,
      tableName: tableName(),
      pollIntervalMs: 50,
    });
    const job = 'job-polled';
    const following = collect(log.follow(job), 10);
    await sleep(100);
    await log.append([event(job), event(job, 'final.result')]);
    expect((await following).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('listens again after its LISTEN connection is terminated, and keeps following meanwhile', async () => {
    const applicationName = uniqueName('evlog_listen');
    const table = tableName();
    const log = new PostgresEventLog(pool(applicationName), {
      schema: backend.schema,
      tableName: table,
      pollIntervalMs: 60_000,
    });
    const writer = new PostgresEventLog(pool(), { schema: backend.schema, tableName: table });
    const job = 'job-relisten';
    await writer.append([event(job)]);
    const seen: RuntimeEvent[] = [];
    const following = (async () => {
      for await (const e of log.follow(job)) seen.push(e);
    })();
    await waitUntil(() => seen.length === 1);
    const admin = toSqlDatabase(pool());
    const { rows } = await admin.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
       WHERE application_name = $1 AND query LIKE 'LISTEN%'`,
      [applicationName],
    );
    expect(rows.map((row) => row.killed)).toEqual([true]);
    await sleep(300);
    await writer.append([event(job)]);
    await waitUntil(() => seen.length === 2);
    await writer.append([event(job, 'final.result')]);
    await following;
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('a failed append leaves no gap: the counter rolls back with it, for every job of the batch', async () => {
    const log = new PostgresEventLog(pool(), { schema: backend.schema, tableName: tableName() });
    await log.append([event('job-a'), event('job-b')]);
    // PostgreSQL cannot extract a NUL from JSON text, so this insert fails after the counters were bumped
    const poisoned = new RuntimeEvent({ eventId: 'evt-\u0000', type: 'job.started', jobId: 'job-b' });
    await expect(log.append([event('job-a'), poisoned])).rejects.toThrow();
    await expect(log.append([poisoned])).rejects.toThrow();
    await log.append([event('job-a'), event('job-b')]);
    expect((await log.read('job-a')).map((e) => e.seq)).toEqual([1, 2]);
    expect((await log.read('job-b')).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('appends of the same jobs in opposite orders, all at once, never deadlock', async () => {
    const log = new PostgresEventLog(pool(), { schema: backend.schema, tableName: tableName() });
    const appends = Array.from({ length: 40 }, (_, i) =>
      log.append(i % 2 === 0 ? [event('job-x'), event('job-y')] : [event('job-y'), event('job-x')]),
    );
    await Promise.all(appends);
    expect((await log.read('job-x')).map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('LISTENs on one connection however many follow, and gives it back when the last follower ends', async () => {
    const applicationName = uniqueName('evlog_one');
    const log = new PostgresEventLog(pool(applicationName), {
      schema: backend.schema,
      tableName: tableName(),
    });
    const admin = toSqlDatabase(pool());
    const listening = async () =>
      (
        await admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`,
          [applicationName],
        )
      ).rows[0]!.n;
    const followers = ['j1', 'j2', 'j3'].map((job) => collect(log.follow(job), 10));
    await waitUntilAsync(async () => (await listening()) === 1);
    await sleep(100);
    expect(await listening()).toBe(1);
    await log.append(['j1', 'j2', 'j3'].map((job) => event(job, 'final.result')));
    await Promise.all(followers);
    await waitUntilAsync(async () => (await listening()) === 0);
  });

  it('refuses bad options with a ValidationError naming the field', () => {
    expect(() => new PostgresEventLog(pool(), { pollIntervalMs: 0 })).toThrow(/options\.pollIntervalMs/);
    expect(() => new PostgresEventLog(pool(), { tableName: 'bad name' })).toThrow(/options\.tableName/);
    expect(() => new PostgresEventLog(pool(), { retentionDays: -1 })).toThrow(/options\.retentionDays/);
  });
});

async function waitUntilAsync(condition: () => Promise<boolean>, seconds = 10): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`condition not met within ${seconds} s`);
    await sleep(20);
  }
}

async function waitUntil(condition: () => boolean, seconds = 10): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`condition not met within ${seconds} s`);
    await sleep(20);
  }
}
