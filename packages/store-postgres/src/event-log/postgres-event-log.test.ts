import { RuntimeEvent } from '@agent-runtime/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresBackend, uniqueName } from '../test-databases';
import { toSqlDatabase } from '../to-sql-database';
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

  it('sends one NOTIFY per job per appending transaction, whatever the batch size', async () => {
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

  it('refuses bad options with a ValidationError naming the field', () => {
    expect(() => new PostgresEventLog(pool(), { pollIntervalMs: 0 })).toThrow(/options\.pollIntervalMs/);
    expect(() => new PostgresEventLog(pool(), { tableName: 'bad name' })).toThrow(/options\.tableName/);
    expect(() => new PostgresEventLog(pool(), { retentionDays: -1 })).toThrow(/options\.retentionDays/);
  });
});

async function waitUntil(condition: () => boolean, seconds = 10): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`condition not met within ${seconds} s`);
    await sleep(20);
  }
}
