import { JobStatus, type JobStoreWithEvents } from '@agent-runtime/jobs';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, scriptedKernel, typesOf } from '../test-helpers';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ar_final_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
const { migrate, ...stores } = createPostgresStores(pool, { schema });

beforeAll(() => migrate());
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

/** The job store, with the reply of its first write of a succeeded job lost after the write committed. */
function losingTheCompletionReply(store: JobStoreWithEvents): JobStoreWithEvents {
  const lossy = Object.create(store) as JobStoreWithEvents;
  let lost = false;
  lossy.updateWithEvents = async (job, events, options) => {
    const stored = await store.updateWithEvents(job, events, options);
    if (job.status === JobStatus.SUCCEEDED && !lost) {
      lost = true;
      throw new Error('connection terminated after COMMIT');
    }
    return stored;
  };
  return lossy;
}

async function runJob(jobStore: JobStoreWithEvents) {
  const { kernel } = scriptedKernel([{ text: 'done' }], { kernel: { ...stores, jobStore } });
  try {
    const handle = await kernel.execute({ prompt: 'p', scopeId: 'final-event' });
    const events = await collect(handle);
    const result = await handle.result();
    return { events, result, logged: await stores.eventLog.read(result.jobId) };
  } finally {
    await kernel.shutdown();
  }
}

describe('the final event of a succeeded job on createPostgresStores', () => {
  it('follows job.completed in the log and is published once (the write is counted in durability-points.test.ts)', async () => {
    const { events, result, logged } = await runJob(stores.jobStore);
    expect(result.status).toBe('succeeded');
    expect(typesOf(logged).slice(-3)).toEqual(['job.status_changed', 'job.completed', 'final.result']);
    expect(typesOf(events).filter((type) => type === 'final.result')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'final.result', data: { content: 'done' } });
  });

  it('is not stored twice when the completion committed but its reply was lost: the retry finds the job succeeded', async () => {
    const { events, result, logged } = await runJob(losingTheCompletionReply(stores.jobStore));
    expect(result).toMatchObject({ status: 'succeeded', content: 'done', error: null });
    expect(typesOf(logged).filter((type) => type === 'final.result')).toHaveLength(1);
    expect(logged.at(-1)).toMatchObject({ type: 'final.result', data: { content: 'done' } });
    // events() ended (the reply carrying the stored events was lost, so they were not published here)
    expect(typesOf(events)).not.toContain('job.completed');
  });
});
