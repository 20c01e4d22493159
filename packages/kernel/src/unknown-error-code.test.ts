import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { isErrorCode } from '@agent-runtime/core';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { JobManager, RuntimeKernel } from './index';
import { collect } from './test-helpers';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('a job error stored in PostgreSQL with a code this version does not know', () => {
  const schema = `kernel_error_code_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('is read back as written (name, code, message): result and final event', async () => {
    const { migrate, ...stores } = createPostgresStores(pool, { schema });
    await migrate();
    // what a newer version of the runtime stores when it fails a job with a code of its own
    const newer = new JobManager(stores.jobStore);
    const { jobId } = await newer.create({ scopeId: 's', metadata: { prompt: 'p' } });
    const stored = {
      name: 'QuotaRevokedError',
      code: 'QUOTA_REVOKED',
      message: 'the provider revoked the quota',
    };
    await newer.fail(jobId, stored.message, { errorCode: stored.code, errorName: stored.name });

    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model: scriptedModel([]) }), ...stores });
    const attached = await kernel.attach(jobId);
    const events = await collect(attached);
    expect(events.map((event) => event.toJSON())).toMatchObject([
      { type: 'final.error', data: { status: 'failed', error: stored } },
    ]);
    const result = await attached.result();
    expect(result).toMatchObject({ jobId, status: 'failed', error: stored });
    expect(isErrorCode(result.error?.code)).toBe(false);
    await kernel.shutdown();
  });
});
